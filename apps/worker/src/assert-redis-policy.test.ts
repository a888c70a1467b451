import { describe, expect, it } from 'vitest';
import { assertRedisNoEviction } from './assert-redis-policy';

const redisWith = (policy: string) => ({ config: async () => ['maxmemory-policy', policy] });

describe('assertRedisNoEviction', () => {
  it('accepts noeviction', async () => {
    await expect(assertRedisNoEviction(redisWith('noeviction'))).resolves.toBeUndefined();
  });

  it('refuses an evicting policy and says how to fix it', async () => {
    await expect(assertRedisNoEviction(redisWith('allkeys-lru'))).rejects.toThrow(/"allkeys-lru".*noeviction/);
  });
});
