import { FlowDocumentError, messageContentSchema, StepInputError } from '@switchboard/flow-engine';
import { newTraceId, withTraceId } from '@switchboard/observability';
import { assembleTurn, type PendingInput } from './assemble-turn';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import type { ReplyDispatch } from './bot-reply-chain';
import { runAgentBotTurn } from './agent-turn';
import { runFlowEvent, type FlowTurnState } from './flow-turn';
import { ARRIVAL_BARRIER_MAX_MS, openTurn, TURN_INPUT_BATCH } from './open-turn';
import { createTurnWrites, type TurnWrites } from './create-turn-writes';
import { parseLiveSession } from '../flow-session/flow-session-store';
import { commitOnConnection } from '../ports/commit-on-connection';
import { isSqlRace, type SqlClient } from '../ports/sql-pool';

/** What a turn left for after its commit: dispatches, timers, held replies, a burst still open. */
export interface TurnOutcome {
  status: 'ran' | 'idle' | 'missing';
  /** Queued replies to hand to the outbound dispatcher. */
  dispatch: ReplyDispatch[];
  /** True when replies wait behind an earlier one (the chain promoter must watch the conversation). */
  heldReplies: boolean;
  /** Flow waits to wake at `dueAt` (a durable copy is `flow_sessions.waiting_until`). */
  timers: { conversationId: string; sessionId: string; dueAt: Date }[];
  /** A burst window is still open: run the conversation again at this time (ms). */
  waitUntilMs?: number;
  /** Inbound messages consumed, by outcome. */
  consumed: Record<string, number>;
  /** The conversation belongs to an agent-mode bot: runAgentBotTurn answers it. */
  agent?: true;
}

/** How soon a turn held at the arrival barrier runs again. */
const ARRIVAL_BARRIER_RETRY_MS = 25;


/**
 * Runs every turn of one conversation that is due, in one transaction
 * (docs/adr/0007): holds the conversation's turn lock (turns never overlap),
 * passes the inbox barrier (inbound transactions in flight commit first),
 * then answers pending messages oldest first — one message per turn, or a
 * burst per turn when the bot has a burst window — and a due flow timer.
 * Replies, session, handoff and the consumed inputs commit together, so a
 * crash before commit leaves nothing behind and the turn simply runs again;
 * after commit the caller dispatches the replies.
 *
 * The transaction runs on a connection of `deps.sql` (plain pg, no Prisma): a keyword turn is three
 * round trips — BEGIN + locks + the read, the one write statement, COMMIT (docs/performance.md).
 */
export async function runBotTurn(deps: BotRuntimeDeps, job: { conversationId: string }): Promise<TurnOutcome> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const outcome = await inTransaction(deps, job.conversationId);
      // Agent-mode bots are answered outside this transaction (docs/ai-agent.md).
      return outcome.agent ? await runAgentBotTurn(deps, job.conversationId) : outcome;
    } catch (error) {
      if (attempt < 4 && isSqlRace(error)) continue;
      throw error;
    }
  }
}

async function inTransaction(deps: BotRuntimeDeps, conversationId: string): Promise<TurnOutcome> {
  const timeoutMs = deps.turnTimeoutMs ?? 120_000;
  const started = Date.now();
  return commitOnConnection(deps.sql, async (db) => {
    const outcome = await turnInTransaction(db, deps, conversationId, timeoutMs);
    // Like an interactive transaction's timeout: a turn that overran its budget commits nothing.
    if (Date.now() - started > timeoutMs) throw new Error(`bot turn exceeded ${timeoutMs} ms; rolled back`);
    return outcome;
  });
}

async function turnInTransaction(db: SqlClient, deps: BotRuntimeDeps, conversationId: string, timeoutMs: number): Promise<TurnOutcome> {
  const outcome: TurnOutcome = { status: 'idle', dispatch: [], heldReplies: false, timers: [], consumed: {} };
  // One round trip: BEGIN, the turn lock and inbox barrier, then the conversation, its pending inputs
  // (arrival barrier included), session and bot.
  const context = await openTurn(db, conversationId, { batch: TURN_INPUT_BATCH, barrierMaxMs: ARRIVAL_BARRIER_MAX_MS, timeoutMs });
  if (!context) return { ...outcome, status: 'missing' };
  const { conversation, pending: rows } = context;
  const writes = createTurnWrites();
  const { consumed } = writes;
  const pending: PendingInput[] = [];
  const held = rows.some((row) => row.held);
  for (const row of rows) {
    // Behind the arrival barrier: an earlier webhook may carry an earlier message of this conversation.
    if (row.held) break;
    let content;
    try {
      content = messageContentSchema.parse(deps.secretBox.decryptJson(row.contentEnc));
    } catch (error) {
      deps.logger.error({ conversation_id: conversationId, input_id: row.id, err: (error as Error).message }, 'bot input is unreadable; skipped');
      consumed.set(row.id, 'unreadable');
      continue;
    }
    pending.push({ id: row.id, arrivedAtMs: row.arrivedAt.getTime(), wamid: row.wamid, traceId: row.traceId, content });
  }

  const nowMs = (deps.clock ?? Date.now)();
  const live = context.session && (await parseLiveSession(db, context.session));
  const waitingUntil = live?.row.waitingUntil?.getTime();
  let timerDue = live?.session.waitingFor?.kind === 'timer' && waitingUntil !== undefined && waitingUntil <= nowMs;

  if (held) outcome.waitUntilMs = nowMs + ARRIVAL_BARRIER_RETRY_MS;
  const finish = () => flush(db, deps, writes, conversation, outcome, nowMs);
  if (pending.length === 0 && !timerDue) return finish();
  outcome.status = 'ran';

  const { bot } = context;
  const skip = conversation.owner === 'human' ? 'human_owned' : !bot ? 'no_bot' : bot.mode !== 'flow' ? 'agent_mode' : null;
  if (skip === 'agent_mode' && deps.agent) return { ...outcome, status: 'idle', agent: true };
  if (skip || !bot) {
    for (const input of pending) consumed.set(input.id, skip ?? 'no_bot');
    // Nobody will answer for the bot any more; a timer must not wake it later.
    if (timerDue && live) writes.end(live, skip ?? 'no_bot');
    return finish();
  }

  const state: FlowTurnState = {
    db, writes, deps, bot, owner: 'bot', live, timers: [], latestVersionId: context.latestVersionId,
    conversation: {
      id: conversation.id, workspaceId: conversation.workspaceId, channelId: conversation.channelId,
      contactId: conversation.contactId, windowExpiresAt: conversation.windowExpiresAt,
    },
  };
  let rest = pending;
  for (;;) {
    if (state.owner === 'human') {
      for (const input of rest) consumed.set(input.id, 'human_owned');
      break;
    }
    const assembly = assembleTurn(rest, { burstWindowMs: bot.settings.burstWindowMs, nowMs });
    const timerFirst = timerDue && (assembly.kind !== 'turn' || (waitingUntil ?? 0) <= (assembly.group.inputs[0]?.arrivedAtMs ?? 0));
    if (timerFirst) {
      timerDue = false;
      const traceId = newTraceId();
      try {
        await withTraceId(traceId, () => runFlowEvent(state, { type: 'timer', ...(live?.session.waitingFor ? { nodeId: live.session.waitingFor.nodeId } : {}) }, traceId));
      } catch (error) {
        if (!(error instanceof StepInputError || error instanceof FlowDocumentError) || !live) throw error;
        deps.logger.error({ conversation_id: conversationId, err: error.message }, 'the flow could not resume after its wait; the session ends');
        writes.end(live, 'failed');
        state.live = null;
      }
      continue;
    }
    if (assembly.kind === 'none') break;
    if (assembly.kind === 'wait') {
      outcome.waitUntilMs = Math.min(assembly.untilMs, outcome.waitUntilMs ?? Infinity);
      break;
    }
    const { group } = assembly;
    if (bot.settings.markRead && deps.markRead) {
      // Best effort and not awaited: the reply never waits for the read receipt.
      void deps.markRead({ channel: conversation.channel, wamid: group.last.wamid, typing: bot.settings.typingIndicator });
    }
    let failed = false;
    try {
      await withTraceId(group.last.traceId, async () => {
        for (const content of group.contents) await runFlowEvent(state, { type: 'message', content }, group.last.traceId);
      });
    } catch (error) {
      // A flow document or session the engine refuses would fail the same way on every retry and
      // block the conversation: record it and move on. Anything else (the database) rolls back.
      if (!(error instanceof StepInputError || error instanceof FlowDocumentError)) throw error;
      failed = true;
      deps.logger.error({ conversation_id: conversationId, err: error.message }, 'the flow could not run this message; it is skipped');
    }
    for (const input of group.inputs) consumed.set(input.id, failed ? 'failed' : input === group.last ? 'answered' : 'merged');
    rest = assembly.rest;
  }

  outcome.timers = state.timers;
  return finish();
}

/** The turn's one write statement (sessions, replies, consumed inputs), then what to do after COMMIT. */
async function flush(
  db: SqlClient,
  deps: BotRuntimeDeps,
  writes: TurnWrites,
  conversation: { id: string; workspaceId: string; channelId: string; contactId: string },
  outcome: TurnOutcome,
  nowMs: number,
): Promise<TurnOutcome> {
  const queued = await writes.flush(db, conversation, new Date(nowMs));
  outcome.dispatch = queued.dispatch;
  outcome.heldReplies = queued.held > 0;
  for (const _ of queued.dispatch) deps.signal?.({ kind: 'reply', outcome: 'queued' });
  for (let i = 0; i < queued.held; i += 1) deps.signal?.({ kind: 'reply', outcome: 'held' });
  for (const result of writes.consumed.values()) outcome.consumed[result] = (outcome.consumed[result] ?? 0) + 1;
  return outcome;
}
