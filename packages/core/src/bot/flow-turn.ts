import type { PrismaClient } from '@switchboard/db';
import type { FlowEvent } from '@switchboard/flow-engine';
import type { StoredSession } from '../flow-session/flow-session-store';
import type { SqlClient } from '../ports/sql-pool';
import { runFlowAiStep } from './agent-flow-step';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import type { ChannelBot } from './find-channel-bot';
import { runFlowChain, type ChainSession, type FlowChainIo } from './flow-chain';
import { handoffStatement } from './handoff-conversation';
import type { TurnWrites } from './create-turn-writes';

/** The state of one conversation's turn while its events run through the engine. */
export interface FlowTurnState {
  /** The turn's transaction (a pg connection); statements that cannot wait for the turn's write run here. */
  db: SqlClient;
  /** Sessions, replies and consumed inputs, written in one statement before COMMIT. */
  writes: TurnWrites;
  deps: BotRuntimeDeps;
  conversation: { id: string; workspaceId: string; channelId: string; contactId: string; windowExpiresAt: Date | null };
  bot: ChannelBot;
  owner: 'bot' | 'human';
  /** The live session as read by the turn (null: none). */
  live: StoredSession | null;
  timers: { conversationId: string; sessionId: string; dueAt: Date }[];
  /** The version new sessions start on, when the caller already read it (null: none): the bot's newest published one, or the test contact's test version. */
  latestVersionId?: string | null;
}

const nowOf = (deps: BotRuntimeDeps) => (deps.clock ?? Date.now)();

/**
 * Runs one event through the conversation's flow (`runFlowChain`) on Postgres:
 * the live session row (or a new one on the bot's latest published version);
 * sends and session rows collected in `state.writes` for the turn's one write
 * statement, a handoff written at once on the turn's connection. Flow versions
 * are immutable, so they are read (and cached) outside the transaction.
 */
export async function runFlowEvent(state: FlowTurnState, first: FlowEvent, traceId: string): Promise<void> {
  const { deps, db, writes, conversation, bot } = state;
  const io: FlowChainIo<StoredChainSession> = {
    logger: deps.logger.child({ conversation_id: conversation.id, bot_id: bot.id }),
    now: () => nowOf(deps),
    timeScale: deps.timeScale ?? 1,
    windowOpen: (nowMs) => conversation.windowExpiresAt !== null && conversation.windowExpiresAt.getTime() > nowMs,
    limits: bot.settings,
    handedOff: () => state.owner === 'human',
    async live() {
      return state.live && { ...state.live, flowVersionId: state.live.row.flowVersionId };
    },
    flowByVersion: (versionId) => deps.flows.byVersionId(deps.prisma, versionId),
    async startFlow() {
      // Read with the turn's context: the bot's newest published version, or a test contact's test version.
      if (state.latestVersionId !== undefined) return state.latestVersionId ? deps.flows.byVersionId(deps.prisma, state.latestVersionId) : null;
      return bot.activeFlowId ? deps.flows.latest(deps.prisma, bot.workspaceId, bot.activeFlowId) : null;
    },
    async jumpTarget(flowId) {
      const target = await findJumpTarget(deps.prisma, bot.workspaceId, flowId);
      return target ? deps.flows.latest(deps.prisma, bot.workspaceId, target) : null;
    },
    async saveSession(input) {
      const saved = writes.saveSession(input);
      state.live = saved.session.status === 'ended' ? null : saved;
      if (state.live && input.waitingUntil) state.timers.push({ conversationId: conversation.id, sessionId: state.live.row.id, dueAt: input.waitingUntil });
    },
    async endLive(reason) {
      if (!state.live) return;
      writes.end(state.live, reason);
      state.live = null;
    },
    send(effect, published) {
      const { type } = effect.message;
      const body = (effect.message as Record<string, unknown>)[type];
      writes.replies.push({
        workspaceId: conversation.workspaceId,
        channelId: conversation.channelId,
        conversationId: conversation.id,
        contactId: conversation.contactId,
        type,
        contentEnc: deps.secretBox.encryptJson({ [type]: body }),
        traceId,
        metadata: { bot_id: bot.id, flow_version_id: published.versionId, node_id: effect.nodeId },
      });
    },
    refused: () => deps.signal?.({ kind: 'reply', outcome: 'invalid' }),
    http: (effect) => deps.http(effect.request),
    ai: (effect) => runFlowAiStep(state, effect),
    async handoff(effect, nowMs) {
      await db.query(handoffStatement({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        botId: bot.id,
        reason: effect.reason,
        nodeId: effect.nodeId,
        traceId,
        now: new Date(nowMs),
      }));
      state.owner = 'human';
    },
    observe: (effect) => deps.signal?.({ kind: 'effect', type: effect.type }),
    ended: (reason) => deps.signal?.({ kind: 'session_end', reason }),
  };
  await runFlowChain(io, first);
}

type StoredChainSession = StoredSession & ChainSession;

// A jump names a flow by its id (a uuid) in the same workspace.
async function findJumpTarget(prisma: PrismaClient, workspaceId: string, flowId: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flowId)) return null;
  const flow = await prisma.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  return flow?.id ?? null;
}
