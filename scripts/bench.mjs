#!/usr/bin/env node
// `npm run bench`: builds the Node apps, makes sure Postgres and Redis
// answer, and runs bench/run.ts, which prints figures (never assertions):
// about 12–15 minutes on 2 cores. BENCH_QUICK=1 shortens every phase (to
// debug the harness); BENCH_ONLY=foundation,inbound_ack,outbound,ingest,noisy,bots,profile
// picks sections.
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/install.mjs';
import { run } from './lib/run.mjs';
import { ensureServices } from './lib/services.mjs';

process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
const env = {
  ...process.env,
  DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_bench',
  REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14',
  // The apps run in production mode, which requires a key; this one is for benchmark data only.
  ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? `bench:${Buffer.alloc(32, 3).toString('base64')}`,
};
// Figures from a busy machine mean little: say how busy it was (run/bench-results.json records it too).
const [oneMinute] = loadavg();
console.log(`load average (1 min) at start: ${oneMinute.toFixed(2)}${oneMinute >= 1 ? ' — the machine is busy; figures will be lower than on a quiet one' : ''}`);
try {
  ensureDependencies();
  await ensureServices({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
  run('npx', ['turbo', 'run', 'build', '--filter=@switchboard/api', '--filter=@switchboard/sandbox', '--filter=@switchboard/worker', '--output-logs=errors-only'], { env });
  run(process.execPath, ['--import', 'tsx', 'bench/run.ts'], { env });
} catch (error) {
  console.error(`✖ ${error.message}`);
  process.exit(1);
}
