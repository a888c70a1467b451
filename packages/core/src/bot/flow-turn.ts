import type { Prisma } from '@switchboard/db';
import { step, type FlowEffect, type FlowEvent } from '@switchboard/flow-engine';
import { outgoingContentSchema } from '@switchboard/whatsapp';
import { loadLiveSession, saveSession, type StoredSession } from '../flow-session/flow-session-store';
import type { PublishedFlow } from '../flow-session/published-flows';
import { runFlowAiStep } from './agent-flow-step';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import type { BotReplyRow } from './enqueue-bot-reply';
import type { ChannelBot } from './find-channel-bot';
import { handoffConversation } from './handoff-conversation';


// Effects that call the engine again (http → http_result, ai → ai_result, jump → restart) may chain;
// this bounds one event's chain so two flows jumping to each other cannot spin a worker.
const MAX_FOLLOW_UPS = 25;

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
  /** The newest published version of the bot's flow, when the caller already read it (null: none published). */
  latestVersionId?: string | null;
}

interface Pending {
  event: FlowEvent;
  /** A jump's target: run there with no session. */
  target?: PublishedFlow;
}

const nowOf = (deps: BotRuntimeDeps) => (deps.clock ?? Date.now)();

/**
 * Runs one event through the conversation's flow: loads the live session (or
 * starts on the bot's latest published version), calls step(), persists the
 * session and executes the effects in order, feeding http/ai/jump results
 * back into the engine. Sends are collected in `state.replies` and written by
 * the caller in the same transaction.
 */
export async function runFlowEvent(state: FlowTurnState, first: FlowEvent, traceId: string): Promise<void> {
  const { deps, tx, conversation, bot } = state;
  const log = deps.logger.child({ conversation_id: conversation.id, bot_id: bot.id });
  const queue: Pending[] = [{ event: first }];
  let followUps = 0;
  while (queue.length > 0) {
    const { event, target } = queue.shift() as Pending;
    if (state.owner === 'human') {
      log.info({ event: event.type }, 'conversation was handed to a human; the bot stops here');
      return;
    }
    if (state.live === undefined) state.live = await loadLiveSession(tx, conversation.id);
    let live = target ? null : state.live;
    let published: PublishedFlow | null = target ?? null;
    if (!published && live) {
      published = await deps.flows.byVersionId(tx, live.row.flowVersionId);
      if (!published) {
        log.error({ flow_version_id: live.row.flowVersionId }, 'the session\'s flow version no longer exists; starting over');
        live = null;
      }
    }
    if (!published) {
      if (!bot.activeFlowId) return;
      published =
        state.latestVersionId === undefined
          ? await deps.flows.latest(tx, bot.workspaceId, bot.activeFlowId)
          : state.latestVersionId
            ? await deps.flows.byVersionId(tx, state.latestVersionId)
            : null;
      if (!published) {
        log.warn({ flow_id: bot.activeFlowId }, 'the bot\'s flow has no published version; nothing to run');
        return;
      }
    }

    const realNow = nowOf(deps);
    const scale = deps.timeScale ?? 1;
    // Under a time scale a timer fires early in real time; the engine must still see its wake time.
    const wakeAt = live?.session.waitingFor?.wakeAt;
    const engineNow = event.type === 'timer' && scale < 1 && wakeAt ? Math.max(realNow, Date.parse(wakeAt)) : realNow;
    const result = step(published.flow, live?.session ?? null, event, {
      now: engineNow,
      windowOpen: conversation.windowExpiresAt !== null && conversation.windowExpiresAt.getTime() > realNow,
      flowVersionId: published.versionId,
      limits: {
        ...(bot.settings.stepBudget === undefined ? {} : { stepBudget: bot.settings.stepBudget }),
        ...(bot.settings.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: bot.settings.sessionTimeoutMs }),
      },
    });

    if (result.session) {
      const waiting = result.session.waitingFor;
      const waitingUntil =
        result.session.status !== 'ended' && waiting?.kind === 'timer' && waiting.wakeAt
          ? new Date(realNow + Math.max(0, Date.parse(waiting.wakeAt) - engineNow) * scale)
          : null;
      const replacedReason = result.effects.find((e): e is Extract<FlowEffect, { type: 'end' }> => e.type === 'end')?.reason ?? 'replaced';
      state.live = await saveSession(tx, {
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        flowVersionId: result.session.flowVersionId ?? published.versionId,
        previous: live,
        session: result.session,
        waitingUntil,
        replacedReason,
      });
      if (state.live.session.status === 'ended') state.live = null;
      else if (waitingUntil) state.timers.push({ conversationId: conversation.id, sessionId: state.live.row.id, dueAt: waitingUntil });
    }

    for (const effect of result.effects) {
      deps.signal?.({ kind: 'effect', type: effect.type });
      switch (effect.type) {
        case 'send': {
          const parsed = outgoingContentSchema.safeParse(effect.message);
          if (!parsed.success) {
            deps.signal?.({ kind: 'reply', outcome: 'invalid' });
            log.error({ node_id: effect.nodeId, err: parsed.error.message }, 'flow produced a message Meta would refuse; not sent');
            break;
          }
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
          break;
        }
        case 'http': {
          const outcome = await deps.http(effect.request);
          log.info({ node_id: effect.nodeId, method: effect.request.method, status: outcome.status, error: outcome.error }, 'flow http request done');
          queue.push({ event: { type: 'http_result', nodeId: effect.nodeId, ...outcome } });
          break;
        }
        case 'ai':
          queue.push({ event: { type: 'ai_result', nodeId: effect.nodeId, ...(await runFlowAiStep(state, effect)) } });
          break;
        case 'wait':
          log.info({ node_id: effect.nodeId, wake_at: effect.wakeAt }, 'flow waits');
          break;
        case 'handoff':
          await handoffConversation(tx, {
            workspaceId: conversation.workspaceId,
            conversationId: conversation.id,
            botId: bot.id,
            reason: effect.reason,
            nodeId: effect.nodeId,
            traceId,
            now: new Date(realNow),
          });
          state.owner = 'human';
          log.info({ node_id: effect.nodeId, reason: effect.reason }, 'conversation handed to a human');
          break;
        case 'set_variables':
          log.debug({ node_id: effect.nodeId, variables: Object.keys(effect.variables) }, 'flow set variables');
          break;
        case 'jump': {
          const targetFlow = await findJumpTarget(tx, bot.workspaceId, effect.flowId);
          const jumped = targetFlow ? await deps.flows.latest(tx, bot.workspaceId, targetFlow) : null;
          if (!jumped) {
            log.error({ node_id: effect.nodeId, flow_id: effect.flowId }, 'jump target flow has no published version; the session ended');
            break;
          }
          queue.push({
            event: { type: 'restart', ...(effect.targetNodeId === undefined ? {} : { nodeId: effect.targetNodeId }), variables: effect.variables },
            target: jumped,
          });
          break;
        }
        case 'end':
          deps.signal?.({ kind: 'session_end', reason: effect.reason });
          log.info({ node_id: effect.nodeId, reason: effect.reason, detail: effect.detail }, 'flow session ended');
          break;
        case 'log':
          log[effect.level]({ node_id: effect.nodeId, code: effect.code }, effect.message);
          break;
      }
    }
    if (queue.length > 0 && ++followUps > MAX_FOLLOW_UPS) {
      log.error({ follow_ups: followUps }, 'too many chained http/ai/jump results in one event; stopping the flow');
      if (state.live) {
        const ended = { ...state.live.session, status: 'ended' as const, waitingFor: null, endReason: 'effect_loop' };
        await tx.flowSession.update({ where: { id: state.live.row.id }, data: { state: ended, status: 'ended', waitingUntil: null } });
        state.live = null;
      }
      deps.signal?.({ kind: 'session_end', reason: 'effect_loop' });
      return;
    }
  }
}

// A jump names a flow by its id (a uuid) in the same workspace.
async function findJumpTarget(tx: Prisma.TransactionClient, workspaceId: string, flowId: string): Promise<string | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flowId)) return null;
  const flow = await tx.flow.findFirst({ where: { id: flowId, workspaceId }, select: { id: true } });
  return flow?.id ?? null;
}
