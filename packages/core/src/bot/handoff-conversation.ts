import type { Prisma } from '@switchboard/db';

/** Outbox topic of events for customers' webhook endpoints (delivered by the customer-webhooks worker). */
export const CUSTOMER_EVENT_TOPIC = 'customer_event';

/**
 * Gives a conversation to a human: owner `human` and `handoff_at`, an audit
 * entry, and a `conversation.handoff` customer event in the outbox, all in
 * the turn's transaction. From then on the bot runtime sends nothing to it.
 */
export async function handoffConversation(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; conversationId: string; botId: string; reason: string; nodeId?: string; traceId: string; now: Date },
): Promise<void> {
  await tx.conversation.update({ where: { id: input.conversationId }, data: { owner: 'human', handoffAt: input.now }, select: { id: true } });
  await tx.auditLog.create({
    data: {
      workspaceId: input.workspaceId,
      actorType: 'system',
      actorId: `bot:${input.botId}`,
      action: 'conversation.handoff',
      targetType: 'conversation',
      targetId: input.conversationId,
      data: { reason: input.reason, ...(input.nodeId === undefined ? {} : { node_id: input.nodeId }) },
      traceId: input.traceId,
    },
  });
  await tx.outboxEntry.create({
    data: {
      topic: CUSTOMER_EVENT_TOPIC,
      payload: { type: 'conversation.handoff', conversationId: input.conversationId, reason: input.reason, workspaceId: input.workspaceId, at: input.now.toISOString() },
    },
    select: { id: true },
  });
}
