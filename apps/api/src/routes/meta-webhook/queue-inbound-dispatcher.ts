import { createCoalescer, type InboundDispatcher } from '@switchboard/core';
import { currentTraceId } from '@switchboard/observability';
import type { InboundWebhookJob, InboundWebhookQueue } from '@switchboard/queue';

/** The part of an ioredis client the dispatcher looks at. */
export interface RedisStatus {
  readonly status: string;
}

/**
 * Enqueues persisted webhooks on BullMQ. When Redis is not connected it
 * fails at once instead of waiting (BullMQ would wait for a connection), and
 * a slow Redis is given `timeoutMs`: the row is already committed, and the
 * worker's sweep processes rows that were never enqueued. Webhooks enqueued
 * together go in one `addBulk` round trip (a call alone goes at once; a
 * failed batch is retried job by job, so each call fails only for itself).
 */
export function createQueueInboundDispatcher(queue: InboundWebhookQueue, redis: RedisStatus, timeoutMs = 250): InboundDispatcher {
  async function withTimeout(work: () => Promise<void>): Promise<void> {
    if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`enqueue took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([work(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
  const enqueue = createCoalescer<InboundWebhookJob, void>(
    (job) => job.inboundWebhookId,
    async (jobs) => {
      await withTimeout(() => queue.enqueueMany(jobs));
      return jobs.map(() => undefined);
    },
    (job) => withTimeout(() => queue.enqueue(job)),
    { maxBatch: 64 },
  );
  return {
    // The trace id is read here, in the request's context; the batch runs outside it.
    dispatchInboundWebhook: ({ inboundWebhookId }) => enqueue({ inboundWebhookId, traceId: currentTraceId() }),
  };
}
