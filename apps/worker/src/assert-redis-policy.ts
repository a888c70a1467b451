/** The subset of a Redis client this check needs. */
export interface RedisConfigReader {
  config(subcommand: 'GET', parameter: string): Promise<unknown>;
}

/**
 * BullMQ is only correct when Redis never evicts keys: an evicted job or lock
 * is a lost or duplicated message. The worker refuses to start otherwise.
 */
export async function assertRedisNoEviction(redis: RedisConfigReader): Promise<void> {
  const reply = await redis.config('GET', 'maxmemory-policy');
  const policy = Array.isArray(reply) ? String(reply[1]) : undefined;
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}"; BullMQ needs "noeviction" ` +
        '(run: redis-cli CONFIG SET maxmemory-policy noeviction, and set it in redis.conf).',
    );
  }
}
