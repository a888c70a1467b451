import { claimDueDeliveries, deliverClaimedWebhook, fanOutCustomerEvents, nextDeliveryDueAt, type ClaimedDelivery } from '@switchboard/core';
import { createSafeFetch } from '@switchboard/safe-http';
import { createWebhookRetryPolicy } from '@switchboard/webhooks';
import type { WorkerContext } from '../../worker-context';
import { createHotPathPool } from '../inbound/create-hot-path-pool';
import type { RunningProcessor } from '../start-processors';
import { loadWebhookConfig, type WebhookConfig } from './config';
import { createWebhookMetrics } from './webhook-metrics';

const FAN_OUT_BATCH = 500;
// Headroom over the attempt timeout before another worker may take a delivery whose worker died.
const LEASE_EXTRA_MS = 30_000;

/** A sleep that `wake()` cuts short. */
function createWaker() {
  let wakeUp: (() => void) | undefined;
  let pending = false;
  return {
    wait(ms: number): Promise<void> {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => ((wakeUp = undefined), resolve()), ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
      });
    },
    wake(): void {
      if (wakeUp) wakeUp();
      else pending = true;
    },
  };
}

/**
 * Customer webhooks (docs/webhooks.md): a fan-out loop turns committed customer events into
 * deliveries (one pass at a time cluster-wide), and a delivery loop leases due deliveries from
 * Postgres and makes up to WEBHOOK_CONCURRENCY attempts at once through the SSRF-safe client.
 * Postgres is the only queue: a worker that dies loses nothing (its leases expire and another
 * worker retries), and Redis plays no part.
 */
export function startCustomerWebhooks(ctx: WorkerContext, config: WebhookConfig = loadWebhookConfig()): RunningProcessor {
  const metrics = createWebhookMetrics(ctx.registry);
  const policy = createWebhookRetryPolicy({
    scheduleMs: config.WEBHOOK_RETRY_SCHEDULE_MS,
    giveUpAfterMs: config.WEBHOOK_GIVE_UP_AFTER_MS,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_MS,
    timeScale: config.WEBHOOK_TIME_SCALE,
  });
  const fetch = createSafeFetch({
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxResponseBytes: 4096,
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    ...(config.WEBHOOK_ALLOW_PRIVATE_FOR_TESTS.length ? { allowPrivateForTests: config.WEBHOOK_ALLOW_PRIVATE_FOR_TESTS } : {}),
    userAgent: 'Switchboard-Webhooks/1',
  });
  const deps = { prisma: ctx.prisma, secretBox: ctx.secretBox, fetch, policy, timeoutMs: config.WEBHOOK_TIMEOUT_MS };
  const leaseMs = config.WEBHOOK_TIMEOUT_MS + LEASE_EXTRA_MS;
  // The fan-out pass (one connection while it runs) and the delivery loop's claim and next-due look-ups
  // poll all the time, so they run on pg, not Prisma (docs/performance.md).
  const sql = createHotPathPool(ctx, 2);
  const fanOutWaker = createWaker();
  const deliveryWaker = createWaker();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const warnedAt = new Map<string, number>();
  const warn = (key: string, fields: Record<string, unknown>, message: string) => {
    // A database outage would otherwise log on every pass.
    if (Date.now() - (warnedAt.get(key) ?? 0) < 10_000) return;
    warnedAt.set(key, Date.now());
    ctx.logger.warn(fields, message);
  };

  const fanOutLoop = async () => {
    while (!stopping) {
      let full = false;
      try {
        const result = await fanOutCustomerEvents({ sql, secretBox: ctx.secretBox }, { batchSize: FAN_OUT_BATCH, giveUpAfterMs: policy.giveUpAfterMs });
        full = result.claimed >= FAN_OUT_BATCH;
        metrics.fannedOut.inc(result.events);
        if (result.deliveries > 0) deliveryWaker.wake();
        for (const skipped of result.skipped) ctx.logger.error({ outbox_id: skipped.id, err: skipped.error }, 'customer event skipped');
      } catch (error) {
        warn('fan-out', { err: (error as Error).message }, 'customer event fan-out failed; retrying');
      }
      if (!full && !stopping) await fanOutWaker.wait(config.WEBHOOK_FAN_OUT_INTERVAL_MS);
    }
  };

  const attempt = async (delivery: ClaimedDelivery) => {
    try {
      const result = await deliverClaimedWebhook(deps, delivery);
      metrics.attemptSeconds.observe(result.outcome.latencyMs / 1000);
      let outcome: string = result.status === 'pending' ? 'retry' : result.status;
      if (result.outcome.gone) outcome = 'gone';
      else if (result.outcome.refused) outcome = 'refused';
      if (!result.applied) outcome = 'lost_lease';
      metrics.attempts.inc({ outcome });
      if (result.endpointDisabled) {
        metrics.disabled.inc({ reason: result.endpointDisabled });
        ctx.logger.warn({ endpoint_id: delivery.endpointId, workspace_id: delivery.workspaceId, reason: result.endpointDisabled }, 'webhook endpoint disabled');
      }
    } catch (error) {
      // The attempt could not be recorded (database down): the lease expires and it is made again.
      warn('record', { err: (error as Error).message, delivery_id: delivery.id }, 'could not record a webhook attempt; it will be retried after its lease');
    }
  };

  const deliveryLoop = async () => {
    while (!stopping) {
      const free = config.WEBHOOK_CONCURRENCY - inFlight.size;
      let claimed: ClaimedDelivery[] = [];
      if (free > 0) {
        try {
          claimed = await claimDueDeliveries(sql, { limit: free, leaseMs, now: new Date(), giveUpAfterMs: policy.giveUpAfterMs });
        } catch (error) {
          warn('claim', { err: (error as Error).message }, 'could not claim webhook deliveries');
        }
        for (const delivery of claimed) {
          const task: Promise<void> = attempt(delivery).finally(() => {
            inFlight.delete(task);
            // A finished attempt may unblock the next event of the same message.
            deliveryWaker.wake();
          });
          inFlight.add(task);
        }
      }
      if (stopping) break;
      if (claimed.length > 0 && claimed.length === free) {
        await Promise.race([...inFlight]);
        continue;
      }
      if (claimed.length > 0) continue;
      let waitMs = config.WEBHOOK_POLL_MS;
      try {
        const due = await nextDeliveryDueAt(sql);
        if (due) waitMs = Math.min(waitMs, Math.max(5, due.getTime() - Date.now()));
      } catch {
        // The claim above reports database trouble.
      }
      await deliveryWaker.wait(waitMs);
    }
  };

  const running = Promise.all([fanOutLoop(), deliveryLoop()]);
  return {
    name: 'customer-webhooks',
    async close() {
      stopping = true;
      fanOutWaker.wake();
      deliveryWaker.wake();
      await running;
      // In-flight attempts end within the attempt timeout; their rows are written before we go.
      await Promise.allSettled([...inFlight]);
      await fetch.close();
      await sql.end();
    },
  };
}
