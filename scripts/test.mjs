#!/usr/bin/env node
// `npm test`: the whole suite on its own databases. Installs what is
// missing, makes sure Postgres and Redis answer, then runs lint, typecheck,
// unit, integration and browser tests, and ends with one summary line.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './lib/chromium.mjs';
import { loadEnvFile } from './lib/env-file.mjs';
import { ensureDependencies } from './lib/install.mjs';
import { run } from './lib/run.mjs';
import { ensureServices } from './lib/services.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
loadEnvFile('.env.test');

const redisBase = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const env = {
  ...process.env,
  NODE_ENV: 'test',
  NEXT_TELEMETRY_DISABLED: '1',
  // Tests never touch the demo database: each test file creates its own
  // switchboard_test_* database on this server, and Redis db 15 is theirs.
  TEST_DATABASE_ADMIN_URL: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_test',
  REDIS_URL: `${redisBase.replace(/\/\d*$/, '')}/15`,
  NEXTAUTH_SECRET: 'test-only-nextauth-secret',
};

// Tests choose their own keys: processes they spawn fall back to the public
// development key unless a test passes one, so an inherited key must not leak in.
delete env.ENCRYPTION_KEY;

const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const wants = (stage) => only.length === 0 || only.includes(stage);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function stage(name, fn) {
  if (!wants(name)) return;
  console.log(`\n▸ ${name}`);
  try {
    fn();
  } catch (error) {
    failures.push(`${name}: ${error.message}`);
  }
}

function vitest(project) {
  const report = resolve(`run/vitest-${project}.json`);
  rmSync(report, { force: true });
  try {
    run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { env });
  } finally {
    if (existsSync(report)) {
      const result = JSON.parse(readFileSync(report, 'utf8'));
      totals.passed += result.numPassedTests;
      totals.failed += result.numFailedTests;
      totals.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
    }
  }
}

try {
  mkdirSync('run', { recursive: true });
  ensureDependencies();
  await ensureServices({ databaseUrl: env.TEST_DATABASE_ADMIN_URL, redisUrl: env.REDIS_URL });
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
}

stage('lint', () => run('npx', ['eslint', '.', '--max-warnings', '0'], { env }));
stage('typecheck', () => run('npm', ['run', '-s', 'typecheck'], { env }));
stage('unit', () => vitest('unit'));
stage('integration', () => vitest('integration'));
stage('browser', () => {
  const chromium = findChromium();
  if (!chromium) {
    throw new Error('Chromium not found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH');
  }
  vitest('browser');
});

console.log('');
for (const failure of failures) console.error(`✖ ${failure}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length === 0 && totals.failed === 0 ? 0 : 1);
