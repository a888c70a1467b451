import type { Prisma } from '@switchboard/db';
import { resumeConversation, takeOverConversation } from '../bot/change-conversation-owner';

/** What changed the owner, recorded as the event's reason (`crm:` marks changes that came from the CRM). */
export type CrmOwnerReason = 'crm:agent_reply' | 'crm:opened' | 'crm:assigned' | 'crm:resolved' | 'crm:pending' | 'auto_resume';

/**
 * Moves a conversation to `human` or back to `bot` for the CRM, through core's one owner-change path
 * (compare-and-set, bot-turn lock, audit entry and customer event in the caller's transaction). An
 * agent reply to a conversation a human already owns only moves `handoff_at`, which restarts the
 * auto-resume timer. Returns whether the owner changed.
 */
export async function setOwnerFromCrm(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; conversationId: string; integrationId: string; to: 'human' | 'bot'; reason: CrmOwnerReason; traceId: string; now: Date },
): Promise<boolean> {
  const change = input.to === 'human' ? takeOverConversation : resumeConversation;
  const outcome = await change(tx, {
    workspaceId: input.workspaceId, conversationId: input.conversationId, actor: { type: 'system', id: `chatwoot:${input.integrationId}` },
    reason: input.reason, traceId: input.traceId, now: input.now,
  });
  if (outcome === 'unchanged' && input.to === 'human' && input.reason === 'crm:agent_reply') {
    await tx.conversation.updateMany({ where: { id: input.conversationId, workspaceId: input.workspaceId, owner: 'human' }, data: { handoffAt: input.now } });
  }
  return outcome === 'changed';
}
