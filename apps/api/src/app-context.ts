import { createPrismaClient, createSecretBox, type PrismaClient, type SecretBox } from '@switchboard/db';
import { createProviderFetch, type OutboundDispatcher } from '@switchboard/core';
import { createLogger, createMetricsRegistry, type Logger, type Registry } from '@switchboard/observability';
import { createOutboundDispatcher } from '@switchboard/queue';
import { Redis } from 'ioredis';
import { createSafeFetch } from '@switchboard/safe-http';
import pg from 'pg';
import type { ApiConfig } from './config';

/** Everything route handlers need, built once at start from the validated config. */
export interface AppContext {
  config: ApiConfig;
  logger: Logger;
  registry: Registry;
  prisma: PrismaClient;
  /**
   * Plain pg pool beside Prisma's for the hot path (`POST /api/v1/messages`): one prepared
   * statement per request instead of ~8 Prisma statements (docs/performance.md).
   */
  sql: pg.Pool;
  redis: Redis;
  secretBox: SecretBox;
  /** Hands committed outbound messages to the send pipeline; failures are repaired by the outbox relay. */
  dispatcher: OutboundDispatcher;
  /** How knowledge uploads reach the AI provider's embeddings: SSRF-guarded unless AI_PROVIDER_NETWORK=any (undefined: plain fetch). */
  providerFetch: typeof fetch | undefined;
  close(): Promise<void>;
}

// 64 embeddings of 3,072 floats as JSON are about 4 MB.
const PROVIDER_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Connects the api's dependencies; Redis connects lazily so a Redis outage never blocks start. */
export function createAppContext(config: ApiConfig): AppContext {
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  const prisma = createPrismaClient(config.DATABASE_URL);
  // Waiting longer than this for a connection is overload: the request gets 503 with Retry-After.
  const sql = new pg.Pool({ connectionString: config.DATABASE_URL, max: 10, connectionTimeoutMillis: 10_000 });
  sql.on('error', (error) => logger.warn({ err: error.message }, 'idle postgres connection failed'));
  // A connection killed between two uses can emit 'error' on its client while no query or pool
  // listener holds it, which would crash the process; the request that needs it gets 503 on its own.
  sql.on('connect', (client) => client.on('error', (error) => logger.debug({ err: error.message }, 'postgres connection failed')));
  // Auto-pipelining sends the commands of one event-loop tick (rate-limit hits, enqueues of many
  // concurrent requests) in one socket write instead of one write each.
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  const forTests = config.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS;
  const guarded =
    config.AI_PROVIDER_NETWORK === 'public'
      ? createSafeFetch({ timeoutMs: 30_000, maxResponseBytes: PROVIDER_MAX_RESPONSE_BYTES, allowHttp: forTests.length > 0, ...(forTests.length > 0 ? { allowPrivateForTests: forTests } : {}) })
      : undefined;
  return {
    config,
    logger,
    registry: createMetricsRegistry('api'),
    prisma,
    sql,
    redis,
    secretBox: createSecretBox(config.ENCRYPTION_KEY),
    // Shares the fail-fast connection: with Redis down a dispatch fails at once and the outbox relay takes over.
    dispatcher: createOutboundDispatcher(redis),
    providerFetch: guarded ? createProviderFetch(guarded, PROVIDER_MAX_RESPONSE_BYTES) : undefined,
    async close() {
      redis.disconnect();
      await Promise.all([prisma.$disconnect(), sql.end(), guarded?.close()]);
    },
  };
}
