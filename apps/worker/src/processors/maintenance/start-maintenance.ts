import { pruneExpiredIdempotencyRecords, pruneWebhookEvents } from '@switchboard/core';
import { createQueueProducer, createQueueWorker, maintenanceQueue, type MaintenanceTask } from '@switchboard/queue';
import type { WorkerContext } from '../../worker-context';
import type { RunningProcessor } from '../start-processors';

const HOUR = 3_600_000;
// Job schedulers live in Redis; upserting again now and then restores them after Redis lost its data.
const RESCHEDULE_EVERY_MS = 10 * 60_000;

/** How often each maintenance task runs. */
export const maintenanceSchedule: Record<MaintenanceTask, number> = {
  'prune-idempotency-records': HOUR,
  'prune-webhook-events': HOUR,
};

/** Schedules the maintenance tasks as BullMQ job schedulers and runs them (one run at a time cluster-wide). */
export function startMaintenance(ctx: WorkerContext, schedule: Record<MaintenanceTask, number> = maintenanceSchedule): RunningProcessor {
  const producer = createQueueProducer(maintenanceQueue, ctx.redis);
  const tasks: Record<MaintenanceTask, () => Promise<unknown>> = {
    'prune-idempotency-records': async () => {
      const deleted = await pruneExpiredIdempotencyRecords(ctx.prisma);
      ctx.logger.info({ deleted }, 'pruned expired idempotency records');
      return deleted;
    },
    'prune-webhook-events': async () => {
      const deleted = await pruneWebhookEvents(ctx.prisma);
      ctx.logger.info(deleted, 'pruned customer webhook events past 30 days');
      return deleted;
    },
  };
  const worker = createQueueWorker(maintenanceQueue, async ({ task }) => void (await tasks[task]()), { connection: ctx.redis, concurrency: 1 });
  worker.on('error', (error) => ctx.logger.warn({ err: error.message }, 'maintenance worker error'));
  worker.on('failed', (job, error) => ctx.logger.warn({ task: job?.data, err: error.message }, 'maintenance task failed'));

  const upsert = async () => {
    for (const [task, everyMs] of Object.entries(schedule) as [MaintenanceTask, number][]) {
      await producer.schedule(task, everyMs, { task });
    }
  };
  const upsertLogged = () => upsert().catch((error: Error) => ctx.logger.warn({ err: error.message }, 'could not schedule maintenance'));
  void upsertLogged();
  const timer = setInterval(() => void upsertLogged(), RESCHEDULE_EVERY_MS);

  return {
    name: 'maintenance',
    async close() {
      clearInterval(timer);
      await worker.close();
      await producer.close();
    },
  };
}
