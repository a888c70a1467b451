import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisRateLimiter } from './create-rate-limiter';

/** Stands in for the one scripted command the limiter sends; real Redis is covered by the integration tests. */
function fakeRedis(hit: (key: string, ttl: number) => Promise<number>) {
  const keys: string[] = [];
  const redis = {
    defineCommand() {},
    switchboardRateLimitHit: (key: string, ttl: number) => {
      keys.push(key);
      return hit(key, ttl);
    },
  };
  return { redis: redis as unknown as Redis, keys };
}

describe('createRedisRateLimiter', () => {
  it('counts per identity and window and reports the seconds left in the window', async () => {
    const counts = new Map<string, number>();
    const { redis, keys } = fakeRedis(async (key) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts.get(key)!;
    });
    const limiter = createRedisRateLimiter({ redis, limit: 2, clock: () => 120_000 + 15_500 });
    expect(await limiter.consume('key:a')).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 45, failedOpen: false });
    expect((await limiter.consume('key:a')).remaining).toBe(0);
    expect((await limiter.consume('key:a')).allowed).toBe(false);
    expect((await limiter.consume('key:b')).allowed).toBe(true);
    expect(keys[0]).toBe('sb:ratelimit:key:a:2');
  });

  it('fails open when Redis errors, and tells the caller', async () => {
    const failures: unknown[] = [];
    const { redis } = fakeRedis(async () => {
      throw new Error("Stream isn't writeable");
    });
    const limiter = createRedisRateLimiter({ redis, limit: 5, onFailOpen: (e) => failures.push(e) });
    const decision = await limiter.consume('key:a');
    expect(decision).toMatchObject({ allowed: true, remaining: 5, failedOpen: true });
    expect(failures).toHaveLength(1);
  });

  it('fails open when Redis hangs longer than the timeout', async () => {
    const { redis } = fakeRedis(() => new Promise<number>(() => undefined));
    const limiter = createRedisRateLimiter({ redis, limit: 5, timeoutMs: 20 });
    expect(await limiter.consume('key:a')).toMatchObject({ allowed: true, failedOpen: true });
  });
});
