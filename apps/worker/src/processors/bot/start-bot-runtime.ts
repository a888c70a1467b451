import {
  conversationsWithHeldReplies,
  createBotInboxHook,
  createHttpEffectPort,
  createPublishedFlows,
  runBotTurn,
  type BotRuntimeDeps,
  type OnInboundMessage,
  type TurnOutcome,
  type TurnRequest,
} from '@switchboard/core';
import { createOutboundDispatcher, createQueueProducer, createQueueWorker } from '@switchboard/queue';
import { createSafeFetch } from '@switchboard/safe-http';
import { Redis } from 'ioredis';
import type { WorkerContext } from '../../worker-context';
import { createAgentRuntime } from '../agent/create-agent-runtime';
import { createHotPathPool } from '../inbound/create-hot-path-pool';
import { loadOutboundConfig } from '../outbound/config';
import type { RunningProcessor } from '../start-processors';
import { createBotMetrics } from './bot-metrics';
import { botTurnQueue, type BotTurnJob } from './bot-turn-queue';
import { loadBotConfig, type BotConfig } from './config';
import { createMarkReadPort } from './create-mark-read-port';
import { startReplyChainDriver } from './reply-chain-driver';

// The engine's cap for one HTTP response body (docs/flows.md); effects carry their own, this bounds the client.
const HTTP_MAX_RESPONSE_BYTES = 1024 * 1024;
const HTTP_MAX_TIMEOUT_MS = 30_000;

/**
 * The bot runtime (docs/bots.md, ADR 0007): the inbound hook that records
 * each new message for its conversation's bot, the `bot-turn` queue worker
 * that runs turns, a sweep over Postgres (inputs the queue lost, overdue flow
 * timers, held replies) and the driver that releases held replies in order.
 */
export function startBotRuntime(
  ctx: WorkerContext,
  config: BotConfig = loadBotConfig(),
): RunningProcessor & { onInboundMessage: OnInboundMessage; messageSettled: (messageId: string) => void } {
  const { logger, prisma } = ctx;
  const metrics = createBotMetrics(ctx.registry);
  // Producer and dispatcher fail fast when Redis is down: Postgres holds the work, the sweep and the
  // outbox relay repair the hand-off.
  const fastRedis = new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  fastRedis.on('error', () => undefined);
  const producer = createQueueProducer(botTurnQueue, fastRedis);
  const dispatcher = createOutboundDispatcher(fastRedis, { prefix: loadOutboundConfig().OUTBOUND_REDIS_PREFIX });
  const safeFetch = createSafeFetch({
    timeoutMs: HTTP_MAX_TIMEOUT_MS,
    maxResponseBytes: HTTP_MAX_RESPONSE_BYTES,
    allowHttp: config.BOT_HTTP_ALLOW_HTTP,
    ...(config.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS.length > 0 ? { allowPrivateForTests: config.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS } : {}),
  });

  const agent = createAgentRuntime(safeFetch, {
    secretBox: ctx.secretBox,
    graph: { baseUrl: ctx.config.WHATSAPP_GRAPH_URL, apiVersion: ctx.config.WHATSAPP_GRAPH_VERSION, timeoutMs: 30_000 },
  });
  // Turns and reply promotions run on plain pg (docs/performance.md, "Bot turn hot path"); a turn holds
  // its connection for the whole transaction, so the pool is as large as the turns that may run at once.
  const sql = createHotPathPool(ctx, config.BOT_PG_POOL_SIZE);
  const deps: BotRuntimeDeps = {
    prisma,
    sql,
    secretBox: ctx.secretBox,
    logger,
    flows: createPublishedFlows(),
    http: createHttpEffectPort(safeFetch),
    markRead: createMarkReadPort({
      secretBox: ctx.secretBox,
      logger,
      graph: { baseUrl: ctx.config.WHATSAPP_GRAPH_URL, apiVersion: ctx.config.WHATSAPP_GRAPH_VERSION, timeoutMs: config.BOT_MARK_READ_TIMEOUT_MS },
      counter: metrics.markRead,
    }),
    timeScale: config.BOT_TIME_SCALE,
    turnTimeoutMs: config.BOT_TURN_TIMEOUT_MS,
    signal: metrics.signal,
    agent,
  };

  const chain = startReplyChainDriver({ sql, dispatcher, logger, pollMs: config.BOT_CHAIN_POLL_MS, onPromoted: () => metrics.promotions.inc() });

  const enqueue = async (job: BotTurnJob, delayMs: number) => {
    await producer.enqueue(job, delayMs > 0 ? { delay: delayMs } : {});
  };

  /** After commit: hand replies to the pipeline, arm timers, watch held replies, reopen a burst. */
  const afterTurn = async (conversationId: string, outcome: TurnOutcome) => {
    for (const [result, n] of Object.entries(outcome.consumed)) metrics.inputs.inc({ outcome: result }, n);
    // Before the dispatch, so that this worker's send of the first reply always finds the held ones watched.
    if (outcome.heldReplies) chain.watch(conversationId, outcome.dispatch[0]?.messageId);
    for (const dispatch of outcome.dispatch) {
      await dispatcher.dispatchOutbound(dispatch).catch((error: Error) =>
        logger.warn({ message_id: dispatch.messageId, err: error.message }, 'dispatch of a bot reply failed; the outbox relay will send it'),
      );
    }
    for (const timer of outcome.timers) {
      await enqueue({ conversationId, reason: 'timer', key: `${timer.sessionId}-${timer.dueAt.getTime()}` }, timer.dueAt.getTime() - Date.now()).catch(
        (error: Error) => logger.warn({ conversation_id: conversationId, err: error.message }, 'could not schedule the flow timer; the sweep will fire it'),
      );
    }
    if (outcome.waitUntilMs !== undefined) {
      await enqueue({ conversationId, reason: 'burst', key: String(outcome.waitUntilMs) }, outcome.waitUntilMs - Date.now()).catch((error: Error) =>
        logger.warn({ conversation_id: conversationId, err: error.message }, 'could not schedule the end of the burst window; the sweep will run it'),
      );
    }
  };

  const turn = async (conversationId: string, path: 'queue' | 'sweep' | 'direct') => {
    const started = performance.now();
    let outcome: TurnOutcome;
    try {
      outcome = await runBotTurn(deps, { conversationId });
    } catch (error) {
      // Counted too: a turn that failed is retried (queue), swept, or handed to the queue (direct).
      metrics.turns.inc({ status: 'failed', path });
      throw error;
    }
    metrics.turnSeconds.observe((performance.now() - started) / 1000);
    metrics.turns.inc({ status: outcome.status, path });
    await afterTurn(conversationId, outcome);
  };

  const worker = createQueueWorker(botTurnQueue, (job) => turn(job.conversationId, 'queue'), {
    connection: ctx.redis,
    concurrency: config.BOT_TURN_CONCURRENCY,
    lockDuration: config.BOT_JOB_LOCK_MS,
    stalledInterval: Math.max(500, Math.floor(config.BOT_JOB_LOCK_MS / 2)),
  });
  worker.on('error', (error) => logger.warn({ err: error.message }, 'bot-turn worker error'));
  worker.on('failed', (job, error) => logger.warn({ job_id: job?.id, attempts: job?.attemptsMade, err: error.message }, 'bot turn failed'));

  const requestTurn = (request: TurnRequest) =>
    enqueue({ conversationId: request.conversationId, reason: 'inbound', key: request.inputId, traceId: request.traceId }, request.delayMs);
  const enqueueOrLog = (request: TurnRequest) =>
    requestTurn(request).catch((error: Error) =>
      logger.warn({ conversation_id: request.conversationId, err: error.message }, 'could not enqueue the bot turn; the bot sweep will run it'),
    );

  // Turns run right here after the inbound statement committed, without a queue hop, when the bot
  // answers at once (no burst window) and fewer than BOT_TURN_CONCURRENCY run: the input is already
  // durable in Postgres, so a crash before the turn commits leaves it to the sweep
  // (BOT_SWEEP_OLDER_THAN_MS), and a failed turn falls back to the queue with its retries. A message
  // for a conversation whose direct turn is running makes that turn run once more afterwards (its
  // read of pending inputs may have come before this commit).
  const direct = new Map<string, { again: boolean }>();
  const directRuns = new Set<Promise<void>>();
  const turnAfterCommit = (request: TurnRequest) => {
    const { conversationId } = request;
    const running = direct.get(conversationId);
    if (running) {
      running.again = true;
      return;
    }
    if (request.delayMs > 0 || stopped || direct.size >= config.BOT_TURN_CONCURRENCY) {
      void enqueueOrLog(request);
      return;
    }
    const entry = { again: false };
    direct.set(conversationId, entry);
    const run = (async () => {
      try {
        do {
          entry.again = false;
          await turn(conversationId, 'direct');
        } while (entry.again && !stopped);
      } catch (error) {
        logger.warn({ conversation_id: conversationId, err: (error as Error).message }, 'direct bot turn failed; queued for retries');
        await enqueueOrLog(request);
      } finally {
        direct.delete(conversationId);
      }
    })();
    directRuns.add(run);
    void run.finally(() => directRuns.delete(run));
  };

  const onInboundMessage = createBotInboxHook({ secretBox: ctx.secretBox, logger, db: prisma, requestTurn, turnAfterCommit });

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const now = Date.now();
      // One raw statement every second (this runs on idle workers too): conversations with inputs
      // the queue never delivered, and waits that are overdue.
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        (SELECT DISTINCT conversation_id::text AS id FROM bot_turn_inputs
          WHERE consumed_at IS NULL AND arrived_at < ${new Date(now - config.BOT_SWEEP_OLDER_THAN_MS)} LIMIT 100)
        UNION
        (SELECT DISTINCT conversation_id::text AS id FROM flow_sessions
          WHERE status = 'waiting' AND waiting_until <= ${new Date(now - config.BOT_TIMER_GRACE_MS)} LIMIT 100)`;
      const due = rows.map((r) => r.id);
      for (const conversationId of due) {
        if (stopped) break;
        await turn(conversationId, 'sweep').catch((error: Error) =>
          logger.warn({ conversation_id: conversationId, err: error.message }, 'bot sweep turn failed'),
        );
      }
      if (due.length > 0) logger.info({ conversations: due.length }, 'bot sweep ran turns the queue had not delivered');
      for (const conversationId of await conversationsWithHeldReplies(prisma)) chain.watch(conversationId);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'bot sweep failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      sweeping = sweep().finally(schedule);
    }, config.BOT_SWEEP_INTERVAL_MS);
  };
  schedule();

  logger.info({ concurrency: config.BOT_TURN_CONCURRENCY, time_scale: config.BOT_TIME_SCALE }, 'bot runtime started');
  return {
    name: 'bot-turn',
    onInboundMessage,
    messageSettled: (messageId) => chain.settled(messageId),
    async close() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
      await Promise.all([...directRuns]);
      await worker.close();
      await chain.close();
      await producer.close();
      await safeFetch.close();
      await agent.close();
      await sql.end();
      fastRedis.disconnect();
    },
  };
}
