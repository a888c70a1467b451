#!/usr/bin/env node
// `npm run seed [-- --json]`: seeds the demo with the same environment (and
// so the same encryption key) that `npm start` gives the apps.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localEnv } from './lib/local-env.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const result = spawnSync('npm', ['run', '-s', 'seed', '-w', '@switchboard/db', '--', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: localEnv(),
});
process.exit(result.status ?? 1);
