// The worker as a real process against real Postgres and Redis.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { freePort, spawnApp, startScratchRedis } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = 'apps/worker/src/main.ts';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('worker_main');
});
afterAll(async () => db?.drop());

describe('worker process', () => {
  it('reports ready when Postgres and Redis answer, and serves metrics', async () => {
    const port = await freePort();
    const worker = await spawnApp(entry, { WORKER_PORT: String(port), DATABASE_URL: db.url }, `http://127.0.0.1:${port}/healthz`);
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('process_resident_memory_bytes{service="worker"}');
    } finally {
      await worker.stop();
    }
    expect(worker.process.exitCode).toBe(0);
  });

  it('refuses to start against a Redis that evicts keys', async () => {
    const redis = await startScratchRedis(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../../..', entry)], {
        env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: db.url, WORKER_PORT: String(await freePort()) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(1);
      expect(output).toContain('allkeys-lru');
      expect(output).toContain('noeviction');
    } finally {
      await redis.stop();
    }
  });
});
