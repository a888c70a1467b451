import { processInboundWebhook, sweepInboundWebhooks, type OnInboundMessage, type ProcessResult } from '@switchboard/core';
import { Counter, Histogram } from '@switchboard/observability';
import { createInboundWebhookWorker } from '@switchboard/queue';
import type { WorkerContext } from '../../worker-context';
import type { RunningProcessor } from '../start-processors';
import { createHotPathPool } from './create-hot-path-pool';

export interface InboundProcessorOptions {
  /** Runs after each newly stored inbound message, in its transaction (the bot runtime's entry). Default: nothing. */
  onInboundMessage?: OnInboundMessage;
  /** Parallel jobs. Default 8. */
  concurrency?: number;
  /** How often to look for stored webhooks the queue never delivered. Default 10 s. */
  sweepIntervalMs?: number;
  /** A row is swept only when it has waited this long (the queue normally takes milliseconds). Default 30 s. */
  sweepOlderThanMs?: number;
}

/**
 * The `inbound-webhook` processor: applies each persisted Meta webhook
 * (messages → contacts, conversations, messages; statuses → the message
 * state machine), plus a sweep over Postgres for rows whose job was never
 * enqueued or was lost, so an acknowledged webhook is processed even when
 * Redis was down at the time.
 */
export function startInboundProcessor(ctx: WorkerContext, options: InboundProcessorOptions = {}): RunningProcessor {
  const { logger, registry } = ctx;
  const lag = new Histogram({
    name: 'inbound_webhook_processing_lag_seconds',
    help: 'Time from a Meta webhook being stored by the api to it being applied',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const processed = new Counter({
    name: 'inbound_webhooks_processed_total',
    help: 'Stored Meta webhooks handled, by result and path (queue or sweep)',
    labelNames: ['status', 'path'],
    registers: [registry],
  });
  const events = new Counter({
    name: 'inbound_webhook_events_total',
    help: 'Messages and statuses applied from Meta webhooks, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const record = (result: ProcessResult, path: 'queue' | 'sweep') => {
    processed.inc({ status: result.status, path });
    if (result.lagMs !== undefined) lag.observe(result.lagMs / 1000);
    for (const [key, n] of Object.entries(result.counts)) {
      const [kind = key, ...rest] = key.split('_');
      events.inc({ kind, outcome: rest.join('_') || 'count' }, n);
    }
  };

  const concurrency = options.concurrency ?? 8;
  // One connection per parallel job: each webhook is one or two single statements on it.
  const sql = createHotPathPool(ctx, concurrency);
  const deps = { prisma: ctx.prisma, secretBox: ctx.secretBox, logger, onInboundMessage: options.onInboundMessage, sql };
  const worker = createInboundWebhookWorker(
    async (job) => {
      const result = await processInboundWebhook(deps, job);
      record(result, 'queue');
    },
    { connection: ctx.redis, concurrency },
  );
  worker.on('error', (error) => logger.warn({ err: error.message }, 'inbound-webhook worker error'));
  worker.on('failed', (job, error) => logger.warn({ job_id: job?.id, attempts: job?.attemptsMade, err: error.message }, 'inbound-webhook job failed'));

  const sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
  const sweepOlderThanMs = options.sweepOlderThanMs ?? 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      // Batches until nothing old is left, so a long Redis outage drains quickly.
      for (;;) {
        const results = await sweepInboundWebhooks(deps, { olderThanMs: sweepOlderThanMs, limit: 100 });
        for (const result of results) record(result, 'sweep');
        if (results.length) logger.info({ count: results.length }, 'swept stored webhooks the queue had not delivered');
        if (stopped || results.length < 100) break;
      }
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'inbound webhook sweep failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweeping = sweep().finally(schedule);
    }, sweepIntervalMs);
  };
  schedule();

  return {
    name: 'inbound-webhook',
    async close() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
      await worker.close();
      await sql.end();
    },
  };
}
