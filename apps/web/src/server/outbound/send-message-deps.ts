import type { SendMessageDeps } from '@switchboard/core';
import { createOutboundDispatcher } from '@switchboard/queue';
import { Redis } from 'ioredis';
import pg from 'pg';
import { getEnv } from '../../env';
import type { Db } from '../db';
import { getSecretBox } from '../secret-box';

interface Outbound {
  sql: pg.Pool;
  redis: Redis;
  dispatcher: SendMessageDeps['dispatcher'];
}

// One pool and one Redis connection per process, made on the first reply: dev hot reloads
// re-evaluate modules, and pages that never send should not connect to Redis at all.
const holder = globalThis as typeof globalThis & { switchboardWebOutbound?: Outbound };

function outbound(): Outbound {
  if (!holder.switchboardWebOutbound) {
    const env = getEnv();
    // A reply is one statement; a few connections are plenty beside Prisma's pool.
    const sql = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4, connectionTimeoutMillis: 10_000 });
    sql.on('error', () => undefined); // an idle connection that dies is replaced on the next query
    // Fails fast when Redis is down: the reply is committed and the worker's outbox relay sends it.
    const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    // Without an offline queue a command before the first connect would fail: the first reply waits for it.
    const connected = redis.connect().catch(() => undefined);
    const scheduler = createOutboundDispatcher(redis);
    const dispatcher: SendMessageDeps['dispatcher'] = {
      async dispatchOutbound(job) {
        await connected;
        await scheduler.dispatchOutbound(job);
      },
    };
    holder.switchboardWebOutbound = { sql, redis, dispatcher };
  }
  return holder.switchboardWebOutbound;
}

/** What core's `sendMessage` needs in the dashboard: the same pipeline as `POST /api/v1/messages`. */
export function sendMessageDeps(prisma: Db): SendMessageDeps {
  const { sql, dispatcher } = outbound();
  return { prisma, sql, secretBox: getSecretBox(), dispatcher };
}

/** Closes the pool and the Redis connection (tests). */
export async function closeSendMessageDeps(): Promise<void> {
  const current = holder.switchboardWebOutbound;
  holder.switchboardWebOutbound = undefined;
  if (!current) return;
  current.redis.disconnect();
  await current.sql.end();
}
