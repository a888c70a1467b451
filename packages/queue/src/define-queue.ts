import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job, type JobsOptions, type WorkerOptions } from 'bullmq';
import type { z } from 'zod';

/** One BullMQ queue declared once: its name, payload schema, default job options and job id rule. */
export interface QueueDefinition<Schema extends z.ZodType> {
  name: string;
  schema: Schema;
  jobOptions: JobsOptions;
  /** Deterministic job id, so enqueueing the same work twice while it exists is a no-op. */
  jobId: (payload: z.infer<Schema>) => string;
}

/** Declares a queue (a typed constant; no connection is made). */
export function defineQueue<Schema extends z.ZodType>(definition: QueueDefinition<Schema>): QueueDefinition<Schema> {
  return definition;
}

/** Producer for a declared queue: payloads are parsed before they reach Redis. */
export function createQueueProducer<Schema extends z.ZodType>(definition: QueueDefinition<Schema>, connection: ConnectionOptions) {
  const queue = new Queue(definition.name, { connection });
  // Errors surface through the calls; an unhandled 'error' event would crash the process.
  queue.on('error', () => undefined);
  return {
    queue,
    /** Adds one job with the definition's options and deterministic id. */
    async enqueue(payload: z.infer<Schema>, options: JobsOptions = {}): Promise<void> {
      const data = definition.schema.parse(payload);
      await queue.add(definition.name, data, { ...definition.jobOptions, jobId: definition.jobId(data), ...options });
    },
    /** Creates or updates a repeating job (a BullMQ job scheduler) that enqueues `payload` every `everyMs`. */
    async schedule(schedulerId: string, everyMs: number, payload: z.infer<Schema>): Promise<void> {
      const data = definition.schema.parse(payload);
      await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: definition.name, data, opts: definition.jobOptions });
    },
    close: () => queue.close(),
  };
}

/** Consumer for a declared queue: a payload that does not parse fails the job without retries. */
export function createQueueWorker<Schema extends z.ZodType>(
  definition: QueueDefinition<Schema>,
  handle: (payload: z.infer<Schema>, job: Job) => Promise<void>,
  options: Omit<WorkerOptions, 'connection'> & { connection: ConnectionOptions },
): Worker {
  return new Worker(
    definition.name,
    async (job: Job) => {
      const parsed = definition.schema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`${definition.name} job ${job.id ?? '?'} has an invalid payload: ${parsed.error.message}`);
      await handle(parsed.data, job);
    },
    options,
  );
}
