import type { Prisma } from '@switchboard/db';
import type { FlowEvent } from '@switchboard/flow-engine';
import { loadLiveSession, saveSession, type StoredSession } from '../flow-session/flow-session-store';
import { runFlowAiStep } from './agent-flow-step';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import type { BotReplyRow } from './enqueue-bot-reply';
import type { ChannelBot } from './find-channel-bot';
import { runFlowChain, type ChainSession, type FlowChainIo } from './flow-chain';
import { handoffConversation } from './handoff-conversation';

/** The state of one conversation's turn while its events run through the engine. */
export interface FlowTurnState {
  tx: Prisma.TransactionClient;
  deps: BotRuntimeDeps;
  conversation: { id: string; workspaceId: string; channelId: string; contactId: string; windowExpiresAt: Date | null };
  bot: ChannelBot;
  owner: 'bot' | 'human';
  /** Undefined until first loaded. */
  live: StoredSession | null | undefined;
  replies: BotReplyRow[];
  timers: { conversationId: string; sessionId: string; dueAt: Date }[];
  /** The version new sessions start on, when the caller already read it (null: none): the bot's newest published one, or the test contact's test version. */
  latestVersionId?: string | null;
}

const nowOf = (deps: BotRuntimeDeps) => (deps.clock ?? Date.now)();

/**
 * Runs one event through the conversation's flow (`runFlowChain`) on Postgres:
 * the live session row (or a new one on the bot's latest published version),
 * sends collected in `state.replies` for the caller to write in the same
 * transaction, handoffs and session rows written through `state.tx`.
 */
export async function runFlowEvent(state: FlowTurnState, first: FlowEvent, traceId: string): Promise<void> {
  const { deps, tx, conversation, bot } = state;
  const io: FlowChainIo<StoredChainSession> = {
    logger: deps.logger.child({ conversation_id: conversation.id, bot_id: bot.id }),
    now: () => nowOf(deps),
    timeScale: deps.timeScale ?? 1,
    windowOpen: (nowMs) => conversation.windowExpiresAt !== null && conversation.windowExpiresAt.getTime() > nowMs,
    limits: bot.settings,
    handedOff: () => state.owner === 'human',
    async live() {
      if (state.live === undefined) state.live = await loadLiveSession(tx, conversation.id);
      return state.live && { ...state.live, flowVersionId: state.live.row.flowVersionId };
    },
    flowByVersion: (versionId) => deps.flows.byVersionId(tx, versionId),
    async startFlow() {
      // Read with the turn's context: the bot's newest published version, or a test contact's test version.
      if (state.latestVersionId !== undefined) return state.latestVersionId ? deps.flows.byVersionId(tx, state.latestVersionId) : null;
      return bot.activeFlowId ? deps.flows.latest(tx, bot.workspaceId, bot.activeFlowId) : null;
    },
    async jumpTarget(flowId) {
      const target = await findJumpTarget(tx, bot.workspaceId, flowId);
      return target ? deps.flows.latest(tx, bot.workspaceId, target) : null;
    },
    async saveSession(input) {
      const saved = await saveSession(tx, { ...input, workspaceId: conversation.workspaceId, conversationId: conversation.id });
      state.live = saved.session.status === 'ended' ? null : saved;
      if (state.live && input.waitingUntil) state.timers.push({ conversationId: conversation.id, sessionId: state.live.row.id, dueAt: input.waitingUntil });
    },
    async endLive(reason) {
      if (!state.live) return;
      const ended = { ...state.live.session, status: 'ended' as const, waitingFor: null, endReason: reason };
      await tx.flowSession.update({ where: { id: state.live.row.id }, data: { state: ended, status: 'ended', waitingUntil: null } });
      state.live = null;
    },
    send(effect, published) {
      const { type } = effect.message;
      const body = (effect.message as Record<string, unknown>)[type];
      state.replies.push({
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
      await handoffConversation(tx, {
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        botId: bot.id,
        reason: effect.reason,
        nodeId: effect.nodeId,
        traceId,
        now: new Date(nowMs),
      });
      state.owner = 'human';
    },
    observe: (effect) => deps.signal?.({ kind: 'effect', type: effect.type }),
    ended: (reason) => deps.signal?.({ kind: 'session_end', reason }),
  };
  await runFlowChain(io, first);
}

type StoredChainSession = StoredSession & ChainSession;

// A jump names a flow by its id (a uuid) in the same workspace.
async function findJumpTarget(tx: Prisma.TransactionClient, workspaceId: string, flowId: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flowId)) return null;
  const flow = await tx.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  return flow?.id ?? null;
}
