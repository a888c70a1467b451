import { createOutboundDispatcher } from '@switchboard/queue';
import type { WorkerContext } from '../../worker-context';
import { loadOutboundConfig, type OutboundConfig } from '../outbound/config';
import type { RunningProcessor } from '../start-processors';
import { relayOutbox } from './relay-outbox';

/**
 * Runs the outbox relay in a loop in every worker process (SKIP LOCKED makes that safe). It needs no
 * BullMQ schedule, so it keeps running while Redis is down and catches up the moment Redis returns.
 */
export function startOutboxRelay(ctx: WorkerContext, config: OutboundConfig = loadOutboundConfig()): RunningProcessor {
  // Fails fast while Redis is down instead of queueing commands inside an open transaction.
  const redis = ctx.redis.duplicate({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const dispatcher = createOutboundDispatcher(redis, { prefix: config.OUTBOUND_REDIS_PREFIX });
  let stopping = false;
  let wake: (() => void) | undefined;
  let lastError = '';

  const loop = async () => {
    while (!stopping) {
      let full = false;
      try {
        const result = await relayOutbox({ prisma: ctx.prisma, dispatcher, graceMs: config.OUTBOX_RELAY_GRACE_MS });
        full = !result.failed && result.claimed >= 500;
        if (result.failed && lastError !== 'redis') ctx.logger.warn({ claimed: result.claimed }, 'outbox relay could not reach Redis; rows stay unpublished');
        lastError = result.failed ? 'redis' : '';
        if (result.dispatched > 0) ctx.logger.info({ dispatched: result.dispatched }, 'outbox relay re-dispatched messages');
      } catch (error) {
        if (lastError !== 'postgres') ctx.logger.warn({ err: (error as Error).message }, 'outbox relay pass failed');
        lastError = 'postgres';
      }
      if (!full && !stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.OUTBOX_RELAY_INTERVAL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  };
  const running = loop();

  return {
    name: 'outbox-relay',
    async close() {
      stopping = true;
      wake?.();
      await running;
      redis.disconnect();
    },
  };
}
