import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';

/** BullMQ queue that carries persisted Meta webhooks (inbound_webhooks rows) to the worker. */
export const INBOUND_WEBHOOK_QUEUE = 'inbound-webhook';

/** Job payload: the row id only (the body stays encrypted in Postgres), plus the api request's trace id. */
export const inboundWebhookJobSchema = z.object({
  inboundWebhookId: z.uuid(),
  traceId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});
export type InboundWebhookJob = z.infer<typeof inboundWebhookJobSchema>;

// The job id is the row id, so the api and the worker's sweep can both
// enqueue a row without it running twice at once. Completed jobs are removed
// at once: the row's processed_at is the durable record, not Redis.
export const inboundWebhookJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const satisfies JobsOptions;

/** Producer side of the inbound-webhook queue. */
export interface InboundWebhookQueue {
  /** Enqueues one persisted webhook; idempotent per row while the job exists. */
  enqueue(job: InboundWebhookJob): Promise<void>;
  /** The same for several webhooks in one round trip (BullMQ `addBulk`). */
  enqueueMany(jobs: InboundWebhookJob[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the producer. Pass a connection that fails fast when Redis is down
 * (`enableOfflineQueue: false`): callers have already committed the row and
 * rely on the worker's sweep rather than on waiting for Redis.
 */
export function createInboundWebhookQueue(connection: ConnectionOptions): InboundWebhookQueue {
  const queue = new Queue<InboundWebhookJob>(INBOUND_WEBHOOK_QUEUE, { connection });
  // Errors surface through enqueue(); without a listener an 'error' event would be unhandled.
  queue.on('error', () => undefined);
  return {
    async enqueue(job) {
      const data = inboundWebhookJobSchema.parse(job);
      await queue.add('inbound-webhook', data, { ...inboundWebhookJobOptions, jobId: data.inboundWebhookId });
    },
    async enqueueMany(jobs) {
      const data = jobs.map((job) => inboundWebhookJobSchema.parse(job));
      await queue.addBulk(data.map((d) => ({ name: 'inbound-webhook', data: d, opts: { ...inboundWebhookJobOptions, jobId: d.inboundWebhookId } })));
    },
    close: () => queue.close(),
  };
}

export interface InboundWebhookWorkerOptions {
  connection: ConnectionOptions;
  concurrency?: number;
}

/** Consumer side: parses each job's payload before handing it over; a bad payload fails the job without retries. */
export function createInboundWebhookWorker(
  handle: (job: InboundWebhookJob, meta: { attemptsMade: number; timestamp: number }) => Promise<void>,
  options: InboundWebhookWorkerOptions,
): Worker<InboundWebhookJob> {
  return new Worker<InboundWebhookJob>(
    INBOUND_WEBHOOK_QUEUE,
    async (job: Job<InboundWebhookJob>) => {
      const parsed = inboundWebhookJobSchema.safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`inbound-webhook job ${job.id ?? '?'} has an invalid payload: ${parsed.error.message}`);
      }
      await handle(parsed.data, { attemptsMade: job.attemptsMade, timestamp: job.timestamp });
    },
    { connection: options.connection, concurrency: options.concurrency ?? 8 },
  );
}
