import { createOutboundDispatcher } from '@switchboard/queue';
import type { WorkerContext } from '../../worker-context';
import { loadOutboundConfig, type OutboundConfig } from '../outbound/config';
import type { RunningProcessor } from '../start-processors';
import { sweepStuckMessages } from './sweep-stuck-messages';

/** Runs the stuck-message sweep periodically in every worker process (idempotent, so safe to overlap). */
export function startReconcileSweep(ctx: WorkerContext, config: OutboundConfig = loadOutboundConfig()): RunningProcessor {
  const redis = ctx.redis.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const dispatcher = createOutboundDispatcher(redis, { prefix: config.OUTBOUND_REDIS_PREFIX });
  const run = async () => {
    try {
      const missing = await sweepStuckMessages({ prisma: ctx.prisma, dispatcher, graceMs: config.OUTBOUND_SWEEP_GRACE_MS });
      if (missing > 0) ctx.logger.warn({ missing }, 'sweep re-scheduled messages the scheduler had lost');
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message }, 'stuck-message sweep failed');
    }
  };
  let current: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    current = current.then(run);
  }, config.OUTBOUND_SWEEP_INTERVAL_MS);
  return {
    name: 'reconcile-sweep',
    async close() {
      clearInterval(timer);
      await current;
      redis.disconnect();
    },
  };
}
