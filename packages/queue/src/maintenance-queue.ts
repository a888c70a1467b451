import { z } from 'zod';
import { defineQueue } from './define-queue';

/** Periodic housekeeping tasks of the worker. */
export const maintenanceTaskSchema = z.enum(['prune-idempotency-records', 'prune-webhook-events']);
export type MaintenanceTask = z.infer<typeof maintenanceTaskSchema>;

/** The maintenance queue: one job per task run, driven by BullMQ job schedulers. */
export const maintenanceQueue = defineQueue({
  name: 'maintenance',
  schema: z.object({ task: maintenanceTaskSchema }),
  // A failed run is simply the next scheduled run; keep a few failures for inspection.
  jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: 50 },
  // One pending run per task: asking again while one waits is a no-op.
  jobId: ({ task }) => `maintenance-${task}`,
});
