import type { AuditActorType, ConversationOwner, Prisma } from '@switchboard/db';
import { loadLiveSession } from '../flow-session/flow-session-store';
import { recordCustomerEvent } from '../webhook/customer-event-outbox';
import { lockConversation } from './conversation-locks';

/** Who changed the owner: a dashboard user, an API key, or the system (an integration is `system` with an id such as `chatwoot:<id>`). */
export interface OwnerChangeActor {
  type: AuditActorType;
  id: string;
}

export interface OwnerChangeInput {
  workspaceId: string;
  conversationId: string;
  actor: OwnerChangeActor;
  reason: string | null;
  traceId?: string;
  now: Date;
}

/** `changed` when the owner moved; `unchanged` when it already was the target; `missing` outside the workspace. */
export type OwnerChangeOutcome = 'changed' | 'unchanged' | 'missing';

/**
 * Moves a conversation to `to` (compare-and-set on the current owner, so two
 * concurrent changes record one event), with an audit entry and the
 * `conversation.handoff` / `conversation.resumed` customer event in the
 * caller's transaction. The bot's own handoff block uses
 * `handoffConversation`; this is for people and integrations.
 *
 * It waits for a bot turn in progress (the conversation's turn lock), so a
 * turn never saves its session over a takeover; a takeover ends the live flow
 * session, so after a resume the bot starts afresh instead of answering a
 * question a person already dealt with.
 */
export async function changeConversationOwner(
  tx: Prisma.TransactionClient,
  to: ConversationOwner,
  input: OwnerChangeInput,
): Promise<OwnerChangeOutcome> {
  const from: ConversationOwner = to === 'human' ? 'bot' : 'human';
  await lockConversation(tx, 'turn', input.conversationId);
  const moved = await tx.conversation.updateMany({
    where: { id: input.conversationId, workspaceId: input.workspaceId, owner: from },
    data: { owner: to, handoffAt: to === 'human' ? input.now : null },
  });
  if (moved.count === 0) {
    const exists = await tx.conversation.count({ where: { id: input.conversationId, workspaceId: input.workspaceId } });
    return exists ? 'unchanged' : 'missing';
  }
  const type = to === 'human' ? 'conversation.handoff' : 'conversation.resumed';
  if (to === 'human') {
    const live = await loadLiveSession(tx, input.conversationId);
    if (live) {
      const ended = { ...live.session, status: 'ended' as const, waitingFor: null, endReason: 'handoff' };
      await tx.flowSession.update({ where: { id: live.row.id }, data: { state: ended, status: 'ended', waitingUntil: null } });
    }
  }
  await tx.auditLog.create({
    data: {
      workspaceId: input.workspaceId,
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: type,
      targetType: 'conversation',
      targetId: input.conversationId,
      data: { reason: input.reason },
      ...(input.traceId ? { traceId: input.traceId } : {}),
    },
  });
  await recordCustomerEvent(tx, {
    type, workspaceId: input.workspaceId, conversationId: input.conversationId, reason: input.reason, at: input.now.toISOString(),
  });
  return 'changed';
}

/** Hands a conversation back to the bot (`conversation.resumed`): its next inbound message starts a new flow session. */
export function resumeConversation(tx: Prisma.TransactionClient, input: OwnerChangeInput): Promise<OwnerChangeOutcome> {
  return changeConversationOwner(tx, 'bot', input);
}

/** Gives a conversation to a human (`conversation.handoff`): the bot sends nothing to it until it is resumed. */
export function takeOverConversation(tx: Prisma.TransactionClient, input: OwnerChangeInput): Promise<OwnerChangeOutcome> {
  return changeConversationOwner(tx, 'human', input);
}
