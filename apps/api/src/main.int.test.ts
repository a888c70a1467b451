// The api as a real process: readiness follows its dependencies, and it
// keeps answering (503, not a crash) when Redis is gone.
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { freePort, spawnApp, startScratchRedis } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('api_main');
});
afterAll(async () => db?.drop());

describe('api process', () => {
  it('is ready with Postgres and Redis, and not ready once Redis stops', async () => {
    const redis = await startScratchRedis();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = await spawnApp('apps/api/src/main.ts', { API_PORT: String(port), DATABASE_URL: db.url, REDIS_URL: redis.url }, `${base}/healthz`);
    try {
      expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
      await redis.stop();
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not_ready', checks: { postgres: 'ok', redis: 'fail' } });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await api.stop();
    }
    expect(api.process.exitCode).toBe(0);
  });
});
