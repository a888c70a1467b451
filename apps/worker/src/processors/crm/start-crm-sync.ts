import { createChatwootAdapter } from '@switchboard/chatwoot';
import { createCrmMediaFetcher, crmSyncTaskId, isCrmBusyError, readCrmFeed, recordCrmDeadLetter, runCrmSyncTask, type CrmDeps, type CrmSyncTask, type ScheduledCrmTask } from '@switchboard/core';
import { isCrmSyncError } from '@switchboard/crm';
import { createQueueProducer, createQueueWorker } from '@switchboard/queue';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { Counter } from '@switchboard/observability';
import { createSafeFetch } from '@switchboard/safe-http';
import type { WorkerContext } from '../../worker-context';
import type { RunningProcessor } from '../start-processors';
import { loadBotConfig } from '../bot/config';
import { loadCrmConfig, type CrmConfig } from './config';
import { crmSyncQueue } from './crm-sync-queue';
import { createHotPathPool } from '../inbound/create-hot-path-pool';

/**
 * CRM sync (docs/chatwoot.md): a feed loop turns customer events into `crm-sync` jobs, a BullMQ worker
 * runs them (retried with backoff; a 429 waits out Chatwoot's retry-after without using a try; what
 * cannot be synced becomes a dead letter), and a reconcile loop enqueues a drift check per enabled
 * integration. Agent replies come the other way through the api's Chatwoot webhook route.
 */
export function startCrmSync(ctx: WorkerContext, config: CrmConfig = loadCrmConfig()): RunningProcessor {
  const definition = crmSyncQueue(config.CRM_SYNC_ATTEMPTS, config.CRM_SYNC_BACKOFF_MS);
  const producerConnection = ctx.redis.duplicate();
  producerConnection.on('error', () => undefined);
  const producer = createQueueProducer(definition, producerConnection);
  // Media a bot or API reply sent by link: the URL came from a customer, so it is fetched like any
  // bot HTTP call (same SSRF guard and the same http/private-address switches).
  const botConfig = loadBotConfig();
  const fetchLink = createSafeFetch({
    timeoutMs: config.CRM_MEDIA_TIMEOUT_MS,
    maxResponseBytes: config.CRM_MEDIA_MAX_BYTES,
    allowHttp: botConfig.BOT_HTTP_ALLOW_HTTP,
    ...(botConfig.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS.length > 0 ? { allowPrivateForTests: botConfig.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS } : {}),
  });
  const outcomes = new Counter({ name: 'crm_sync_jobs_total', help: 'CRM sync jobs by kind and outcome', labelNames: ['kind', 'outcome'], registers: [ctx.registry] });
  const deps: CrmDeps = {
    prisma: ctx.prisma,
    secretBox: ctx.secretBox,
    reconcile: { settleMs: config.CRM_RECONCILE_SETTLE_MS },
    fetchMedia: createCrmMediaFetcher({
      prisma: ctx.prisma, secretBox: ctx.secretBox, maxBytes: config.CRM_MEDIA_MAX_BYTES, fetchLink,
      graph: { baseUrl: ctx.config.WHATSAPP_GRAPH_URL, apiVersion: ctx.config.WHATSAPP_GRAPH_VERSION, timeoutMs: config.CRM_MEDIA_TIMEOUT_MS },
    }),
    adapterFor: (integration) =>
      createChatwootAdapter({
        baseUrl: integration.config.baseUrl, accountId: integration.config.accountId, accessToken: integration.secrets.accessToken,
        inboxId: integration.config.inboxId, timeoutMs: config.CRM_TIMEOUT_MS,
      }),
  };
  const enqueue = async (tasks: ScheduledCrmTask[]) => {
    for (const { task, delayMs } of tasks) await producer.enqueue(task, delayMs > 0 ? { delay: delayMs } : {});
  };

  const worker = createQueueWorker(
    definition,
    async (task: CrmSyncTask, job: Job) => {
      try {
        const result = await runCrmSyncTask(deps, task);
        outcomes.inc({ kind: task.kind, outcome: result.outcome });
        if (result.followUp?.length) {
          // Repairs redo work whose first job may still be kept (completed or failed) under its own id.
          const repair = task.kind === 'reconcile' ? `-repair-${job.id ?? ''}` : '';
          for (const { task: next, delayMs } of result.followUp) {
            await producer.enqueue(next, { ...(delayMs > 0 ? { delay: delayMs } : {}), ...(repair ? { jobId: `${crmSyncTaskId(next)}${repair}` } : {}) });
          }
        }
      } catch (error) {
        if (isCrmBusyError(error) && job.token) {
          // Another job holds this conversation; it may not cover this message, so look again shortly.
          outcomes.inc({ kind: task.kind, outcome: 'busy' });
          await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), job.token);
          throw new DelayedError();
        }
        if (isCrmSyncError(error) && error.kind === 'rate_limited' && job.token) {
          // Chatwoot said when: wait that long without spending one of the job's tries.
          outcomes.inc({ kind: task.kind, outcome: 'rate_limited' });
          await job.moveToDelayed(Date.now() + (error.retryAfterMs ?? 60_000), job.token);
          throw new DelayedError();
        }
        const final = (isCrmSyncError(error) && !error.retryable) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        outcomes.inc({ kind: task.kind, outcome: final ? 'dead_letter' : 'retry' });
        if (final) {
          await deadLetter(task, error);
          throw new UnrecoverableError((error as Error).message);
        }
        throw error;
      }
    },
    { connection: ctx.redis, concurrency: config.CRM_SYNC_CONCURRENCY },
  );
  worker.on('error', (error) => ctx.logger.warn({ err: error.message }, 'crm-sync worker error'));

  async function deadLetter(task: CrmSyncTask, error: unknown) {
    const integration = await ctx.prisma.integration.findUnique({ where: { workspaceId_kind: { workspaceId: task.workspaceId, kind: 'chatwoot' } }, select: { id: true, workspaceId: true } });
    ctx.logger.warn({ workspace_id: task.workspaceId, kind: task.kind, err: (error as Error).message }, 'crm sync dead-lettered');
    if (integration) await recordCrmDeadLetter(ctx.prisma, integration, task, error);
  }

  let stopping = false;
  const wakers = new Set<() => void>();
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const done = () => (clearTimeout(timer), wakers.delete(done), resolve());
    const timer = setTimeout(done, ms);
    wakers.add(done);
  });
  const warnedAt = new Map<string, number>();
  const warn = (key: string, error: unknown) => {
    if (Date.now() - (warnedAt.get(key) ?? 0) < 10_000) return;
    warnedAt.set(key, Date.now());
    ctx.logger.warn({ err: (error as Error).message }, `crm ${key} failed; retrying`);
  };

  // The feed polls every CRM_FEED_INTERVAL_MS and reads every message's events: on pg, not Prisma (docs/performance.md).
  const feedSql = createHotPathPool(ctx, 1);
  const feedLoop = async () => {
    while (!stopping) {
      let full = false;
      try {
        const result = await readCrmFeed({ sql: feedSql }, { settleMs: config.CRM_FEED_SETTLE_MS, batchSize: 500, enqueue });
        full = result.read >= 500;
      } catch (error) {
        warn('feed', error);
      }
      if (!full && !stopping) await pause(config.CRM_FEED_INTERVAL_MS);
    }
  };
  const reconcileLoop = async () => {
    while (!stopping) {
      await pause(config.CRM_RECONCILE_INTERVAL_MS);
      if (stopping) break;
      try {
        const integrations = await ctx.prisma.integration.findMany({ where: { kind: 'chatwoot', enabled: true }, select: { workspaceId: true } });
        // One pass per interval: the slot in the id keeps a slow pass from piling up, and lets the next one run.
        const slot = Math.floor(Date.now() / config.CRM_RECONCILE_INTERVAL_MS);
        for (const { workspaceId } of integrations) {
          await producer.enqueue({ kind: 'reconcile', workspaceId }, { jobId: `crm-reconcile-${workspaceId}-${slot}` });
        }
      } catch (error) {
        warn('reconcile scheduling', error);
      }
    }
  };
  const loops = Promise.all([feedLoop(), reconcileLoop()]);

  return {
    name: 'crm-sync',
    async close() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await worker.close();
      await loops;
      await producer.close();
      producerConnection.disconnect();
      await fetchLink.close();
      await feedSql.end();
    },
  };
}
