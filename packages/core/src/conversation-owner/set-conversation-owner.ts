import type { ConversationOwner, PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import { changeConversationOwner, type OwnerChangeActor } from '../bot/change-conversation-owner';
import type { ConversationOwnerChange, ConversationOwnerResult } from './conversation-owner-schemas';
import { getConversation } from './get-conversation';

/**
 * The API's (and dashboard's) handoff and resume: moves the workspace's
 * conversation to `owner` and emits `conversation.handoff` or
 * `conversation.resumed` once; asking for the owner it already has changes
 * nothing and sends no event (`changed: false`).
 */
export async function setConversationOwner(
  prisma: PrismaClient,
  input: { workspaceId: string; conversationId: string; owner: ConversationOwner; actor: OwnerChangeActor; change: ConversationOwnerChange; traceId?: string },
): Promise<ConversationOwnerResult> {
  return prisma.$transaction(async (tx) => {
    const outcome = await changeConversationOwner(tx, input.owner, {
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      actor: input.actor,
      reason: input.change.reason ?? null,
      ...(input.traceId ? { traceId: input.traceId } : {}),
      now: new Date(),
    });
    if (outcome === 'missing') throw new AppError('not_found', 'No conversation with this id in this workspace');
    return { conversation: await getConversation(tx, input.workspaceId, input.conversationId), changed: outcome === 'changed' };
  });
}
