import { createPrismaClient, createSecretBox, type PrismaClient, type SecretBox } from '@switchboard/db';
import { createLogger, createMetricsRegistry, type Logger, type Registry } from '@switchboard/observability';
import { Redis } from 'ioredis';
import type { WorkerConfig } from './config';

/** What every processor needs, built once at start from the validated config. */
export interface WorkerContext {
  config: WorkerConfig;
  logger: Logger;
  registry: Registry;
  prisma: PrismaClient;
  /** BullMQ connection: maxRetriesPerRequest null so blocking commands are not aborted. */
  redis: Redis;
  secretBox: SecretBox;
}

/** Creates the worker's clients; nothing is connected until first use. */
export function createWorkerContext(config: WorkerConfig): WorkerContext {
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis connection error'));
  return {
    config,
    logger,
    registry: createMetricsRegistry('worker'),
    prisma: createPrismaClient(config.DATABASE_URL),
    redis,
    secretBox: createSecretBox(config.ENCRYPTION_KEY),
  };
}
