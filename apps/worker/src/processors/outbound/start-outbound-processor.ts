import { createOutboundSender, createRetryPolicy, type OutboundSendResult } from '@switchboard/core';
import { createOutboundScheduler, type LeasedOutboundEntry, type OutboundScheduler } from '@switchboard/queue';
import pg from 'pg';
import type { WorkerContext } from '../../worker-context';
import type { RunningProcessor } from '../start-processors';
import { createAdaptiveConcurrencyLimit } from './adaptive-concurrency-limit';
import { loadOutboundConfig, type OutboundConfig } from './config';
import { createOutboundMetrics } from './outbound-metrics';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CHANNEL_RATE_REFRESH_MS = 30_000;

function outcomeLabel(result: OutboundSendResult): string {
  if (result.kind === 'done') return result.outcome;
  if (result.kind === 'throttle') return `throttle_${result.scope}`;
  return result.reason;
}

/**
 * The outbound-message processor: leases ready messages from the scheduler (lanes, fairness,
 * pacing), runs the send step for each with a concurrency limit that follows the steps' latency
 * (adaptive-concurrency-limit.ts: enough in flight for a remote Meta, few enough that a critical
 * message is not slowed by a low-priority flood sharing this process's CPU), and hands every message back to the
 * scheduler with what happens next (forget, defer, or slow down its number or recipient).
 */
export function startOutboundProcessor(
  ctx: WorkerContext,
  config: OutboundConfig = loadOutboundConfig(),
  options: {
    /** Called when a step finished a message for good (sent, failed, expired…): the bot's reply chain may release the next reply. */
    onSettled?: (messageId: string) => void;
  } = {},
): RunningProcessor & { scheduler: OutboundScheduler } {
  const { logger } = ctx;
  const metrics = createOutboundMetrics(ctx.registry);
  // Its own connection, auto-pipelined: the lease, ack and recipient-slot scripts of steps running at
  // the same time then share socket writes (each was one write per message).
  const redis = ctx.redis.duplicate({ enableAutoPipelining: true });
  redis.on('error', (error) => logger.debug({ err: error.message }, 'outbound scheduler redis connection failed'));
  const scheduler = createOutboundScheduler(redis, {
    prefix: config.OUTBOUND_REDIS_PREFIX,
    pacingFactor: config.OUTBOUND_PACING_FACTOR,
    // Longer than any send step, so a live worker never loses its lease mid-call.
    leaseMs: config.OUTBOUND_SEND_TIMEOUT_MS + config.OUTBOUND_LEASE_EXTRA_MS,
  });
  const pair = { intervalMs: config.OUTBOUND_PAIR_INTERVAL_MS, burst: config.OUTBOUND_PAIR_BURST };
  const seenRates = new Map<string, { mps: number; at: number }>();
  const abort = new AbortController();

  // The send step's statements go to Postgres through plain pg, beside the worker's Prisma pool:
  // Prisma's query compiler and runtime were ~40 % of the worker's CPU (docs/performance.md).
  const sql = new pg.Pool({ connectionString: ctx.config.DATABASE_URL, max: config.OUTBOUND_PG_POOL_SIZE });
  sql.on('error', (error) => logger.warn({ err: error.message }, 'idle postgres connection of the send step failed'));
  // A connection killed between two uses can emit 'error' on its client while no query or pool
  // listener holds it (seen with pg_terminate_backend under load), which would crash the process; the
  // statement that needs it fails on its own and the step is deferred.
  sql.on('connect', (client) => client.on('error', (error) => logger.debug({ err: error.message }, 'send-step postgres connection failed')));
  const send = createOutboundSender({
    sql,
    secretBox: ctx.secretBox,
    policy: createRetryPolicy({
      timeScale: config.RETRY_TIME_SCALE,
      ambiguousWaitMs: config.OUTBOUND_AMBIGUOUS_WAIT_MS,
      ...(config.OUTBOUND_RETRY_SCHEDULE_MS ? { scheduleMs: config.OUTBOUND_RETRY_SCHEDULE_MS } : {}),
    }),
    graph: { baseUrl: ctx.config.WHATSAPP_GRAPH_URL, apiVersion: ctx.config.WHATSAPP_GRAPH_VERSION, timeoutMs: config.OUTBOUND_SEND_TIMEOUT_MS },
    throttle: { numberDelayMs: config.OUTBOUND_NUMBER_THROTTLE_MS, recipientDelayMs: config.OUTBOUND_RECIPIENT_THROTTLE_MS },
    pacing: {
      async channelSeen(channelId, mps) {
        const seen = seenRates.get(channelId);
        if (seen && seen.mps === mps && Date.now() - seen.at < CHANNEL_RATE_REFRESH_MS) return;
        await scheduler.setChannelRate(channelId, mps);
        seenRates.set(channelId, { mps, at: Date.now() });
      },
      reserveRecipientSlot: (channelId, recipient) => scheduler.reserveRecipientSlot(channelId, recipient, pair),
    },
  });

  const limit = createAdaptiveConcurrencyLimit({ min: config.OUTBOUND_CONCURRENCY_MIN, max: config.OUTBOUND_CONCURRENCY });
  metrics.concurrencyLimit.set(limit.current);

  async function handle(entry: LeasedOutboundEntry, inFlight: number): Promise<void> {
    const startedAt = Date.now();
    metrics.laneWait.observe({ lane: entry.lane }, Math.max(0, startedAt - entry.readyAt) / 1000);
    let result: OutboundSendResult;
    try {
      result = await send({ messageId: entry.messageId, recipientSlotReserved: entry.reservedUntil !== undefined, signal: abort.signal });
      // Only steps that called Graph say how long a send takes; deferrals return at once.
      if (result.attempt !== undefined) {
        limit.observe(Date.now() - startedAt, inFlight);
        metrics.concurrencyLimit.set(limit.current);
      }
    } catch (error) {
      // Postgres or Redis trouble before Graph was called (or while recording its answer): the
      // message row says where it stands, so try again shortly.
      metrics.steps.inc({ outcome: 'error' });
      logger.warn({ err: (error as Error).message, messageId: entry.messageId }, 'outbound step failed; deferring');
      await scheduler.defer(entry, Date.now() + 1000).catch(() => undefined);
      return;
    }
    metrics.steps.inc({ outcome: outcomeLabel(result) });
    if (result.attempt !== undefined) metrics.attempts.inc({ lane: entry.lane });
    try {
      if (result.kind === 'done') {
        options.onSettled?.(entry.messageId);
        await scheduler.ack(entry);
      } else if (result.kind === 'defer') {
        await scheduler.defer(entry, result.at, result.recipientSlotReserved ? result.at : undefined);
      } else {
        metrics.throttles.inc({ scope: result.scope, channel_id: entry.channelId });
        if (result.scope === 'number') await scheduler.penalizeChannel(entry.channelId, result.until);
        else await scheduler.penalizeRecipient(entry.channelId, result.recipient, result.until, pair);
        await scheduler.defer(entry, result.until);
      }
    } catch (error) {
      // The lease runs out and the entry comes back; the message row already holds the outcome.
      logger.warn({ err: (error as Error).message, messageId: entry.messageId }, 'could not hand the message back to the scheduler');
    }
  }

  const active = new Set<Promise<void>>();
  let stopping = false;
  let lastReap = 0;
  let lastStats = 0;

  async function loop(): Promise<void> {
    while (!stopping) {
      if (active.size >= limit.current) {
        await Promise.race(active);
        continue;
      }
      try {
        const now = Date.now();
        if (now - lastReap >= 1000) {
          lastReap = now;
          const reaped = await scheduler.reapExpiredLeases();
          if (reaped > 0) logger.info({ reaped }, 'outbound leases expired; messages re-offered');
        }
        if (now - lastStats >= 5000) {
          lastStats = now;
          const stats = await scheduler.stats();
          metrics.scheduled.set({ state: 'all' }, stats.entries);
          metrics.scheduled.set({ state: 'inflight' }, stats.inflight);
          metrics.scheduled.set({ state: 'delayed' }, stats.delayed);
        }
        const { entries, wakeAt } = await scheduler.dequeue(limit.current - active.size);
        for (const entry of entries) {
          const task = handle(entry, active.size + 1).finally(() => {
            active.delete(task);
            metrics.inFlight.set(active.size);
          });
          active.add(task);
        }
        metrics.inFlight.set(active.size);
        if (entries.length === 0) {
          const wait = Math.min(250, Math.max(1, (wakeAt ?? Number.POSITIVE_INFINITY) - Date.now()));
          if (wait < 5) await sleep(wait);
          else await scheduler.waitForWork(wait);
        }
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'outbound scheduler unavailable; retrying');
        await sleep(500);
      }
    }
  }

  const running = loop();
  logger.info({ concurrency: { min: config.OUTBOUND_CONCURRENCY_MIN, max: config.OUTBOUND_CONCURRENCY }, prefix: config.OUTBOUND_REDIS_PREFIX }, 'outbound processor started');

  return {
    name: 'outbound-message',
    scheduler,
    async close() {
      stopping = true;
      scheduler.close();
      await running;
      // Let calls in flight finish (each is bounded by the send timeout); past that, abort them:
      // an aborted call is recorded as ambiguous and resolved by the status webhook, never resent blindly.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), config.OUTBOUND_SEND_TIMEOUT_MS + 2000)));
      const settled = Promise.allSettled([...active]).then(() => 'done' as const);
      if ((await Promise.race([settled, grace])) === 'timeout') {
        abort.abort();
        await settled;
      }
      clearTimeout(timer);
      await sql.end();
      redis.disconnect();
    },
  };
}
