import type { Redis } from 'ioredis';

/** The outcome of counting one request against its identity's window. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetSeconds: number;
  /** True when Redis could not be asked and the request was let through. */
  failedOpen: boolean;
}

/** Counts requests per identity (an API key id, or a client address for unauthenticated requests). */
export interface RateLimiter {
  readonly limit: number;
  consume(identity: string): Promise<RateLimitDecision>;
}

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Requests allowed per window. */
  limit: number;
  windowMs?: number;
  /** A Redis answer slower than this counts as an outage (the request is let through). */
  timeoutMs?: number;
  clock?: () => number;
  /** Told each time Redis failed and the limiter let a request through. */
  onFailOpen?: (error: unknown) => void;
  keyPrefix?: string;
}

// INCR and the first PEXPIRE in one round trip and one atomic step, so a
// window's key can never be left without an expiry.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

const COMMAND = 'switchboardRateLimitHit';

type RedisWithHit = Redis & { [COMMAND](key: string, ttlMs: number): Promise<number> };

/**
 * Fixed-window rate limiter in Redis: one counter per identity and window
 * (`<prefix><identity>:<window index>`). It fails open: when Redis is down
 * or slow the request is allowed and `onFailOpen` is told, because rate
 * limiting must never make the API refuse work it could accept.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { limit } = options;
  const windowMs = options.windowMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 250;
  const clock = options.clock ?? Date.now;
  const prefix = options.keyPrefix ?? 'sb:ratelimit:';
  const redis = options.redis as RedisWithHit;
  if (typeof redis[COMMAND] !== 'function') redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: HIT_SCRIPT });

  const withTimeout = <T>(promise: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`rate limiter: Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

  return {
    limit,
    async consume(identity) {
      const now = clock();
      const window = Math.floor(now / windowMs);
      const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
      try {
        // The TTL outlives the window a little so a clock skew between api processes cannot reset a count early.
        const count = Number(await withTimeout(redis[COMMAND](`${prefix}${identity}:${window}`, windowMs + 5000)));
        return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds, failedOpen: false };
      } catch (error) {
        options.onFailOpen?.(error);
        return { allowed: true, limit, remaining: limit, resetSeconds, failedOpen: true };
      }
    },
  };
}
