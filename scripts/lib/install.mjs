// Installs npm dependencies when they are missing or older than the lockfile,
// and generates the Prisma client (install scripts are disabled by allowScripts).
import { existsSync, statSync } from 'node:fs';
import { run } from './run.mjs';

/** Runs `npm install` only when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
  if (stale) {
    console.log('Installing dependencies (npm install)…');
    // Not `npm ci`: the lockfile cannot list other platforms' optional binaries
    // when a registry mirror lacks them, and ci refuses such a lockfile.
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
  run('npm', ['run', 'generate', '-w', '@switchboard/db', '--silent']);
}
