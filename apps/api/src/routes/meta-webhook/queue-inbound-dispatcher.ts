import type { InboundDispatcher } from '@switchboard/core';
import { currentTraceId } from '@switchboard/observability';
import type { InboundWebhookQueue } from '@switchboard/queue';

/** The part of an ioredis client the dispatcher looks at. */
export interface RedisStatus {
  readonly status: string;
}

/**
 * Enqueues persisted webhooks on BullMQ. When Redis is not connected it
 * fails at once instead of waiting (BullMQ would wait for a connection), and
 * a slow Redis is given `timeoutMs`: the row is already committed, and the
 * worker's sweep processes rows that were never enqueued.
 */
export function createQueueInboundDispatcher(queue: InboundWebhookQueue, redis: RedisStatus, timeoutMs = 250): InboundDispatcher {
  return {
    async dispatchInboundWebhook({ inboundWebhookId }) {
      if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`enqueue took longer than ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([queue.enqueue({ inboundWebhookId, traceId: currentTraceId() }), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
