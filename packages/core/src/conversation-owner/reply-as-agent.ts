import { AppError } from '../app-error';
import { takeOverConversation } from '../bot/change-conversation-owner';
import { sendMessage, type SendMessageDeps } from '../message/send-message';
import { sendMessageInputSchema } from '../message/send-message-input';
import { isWindowOpen } from '../window/customer-service-window';
import { parseOrThrow } from '../zod-issues';
import { agentReplyIdempotencyKey, type AgentReplyInput, type AgentReplyResult } from './agent-reply-schemas';

export interface ReplyAsAgentRequest {
  workspaceId: string;
  /** The dashboard user who replies (audit actor, takeover actor). */
  userId: string;
  reply: AgentReplyInput;
  traceId: string;
}

/**
 * A person answers a conversation from the inbox. The reply goes through `sendMessage`, the REST
 * API's pipeline (persisted, state-machined, retried, mirrored to the CRM), with source `agent` and
 * an idempotency key from the composer's `client_id`, so a double submit sends once. A bot-owned
 * conversation is taken over first (`conversation.handoff`), so the bot cannot answer between the
 * agent's reply and the takeover. A text while the 24 h window is closed is refused before anything
 * is written; templates are always allowed.
 */
export async function replyAsAgent(deps: SendMessageDeps, request: ReplyAsAgentRequest): Promise<AgentReplyResult> {
  const now = (deps.clock ?? (() => new Date()))();
  const { workspaceId, reply } = request;
  const conversation = await deps.prisma.conversation.findFirst({
    where: { id: reply.conversation_id, workspaceId },
    select: { id: true, channelId: true, owner: true, windowExpiresAt: true, contact: { select: { waId: true, userId: true } } },
  });
  if (!conversation) throw new AppError('not_found', 'No conversation with this id in this workspace');
  const { message } = reply;
  if (message.type === 'text' && !isWindowOpen(conversation.windowExpiresAt, now)) {
    throw new AppError(
      'outside_customer_service_window',
      'The 24-hour customer service window with this contact is closed: pick a template to reply.',
      { details: { window_expires_at: conversation.windowExpiresAt?.toISOString() ?? null, conversation_id: conversation.id } },
    );
  }

  const actor = { type: 'user' as const, id: request.userId };
  let takenOver = false;
  if (conversation.owner === 'bot') {
    const outcome = await deps.prisma.$transaction((tx) =>
      takeOverConversation(tx, { workspaceId, conversationId: conversation.id, actor, reason: 'replied in the inbox', traceId: request.traceId, now }),
    );
    takenOver = outcome === 'changed';
  }

  const recipient = conversation.contact.waId ? { to: conversation.contact.waId } : { recipient: conversation.contact.userId ?? '' };
  const result = await sendMessage(deps, {
    workspaceId,
    input: parseOrThrow(sendMessageInputSchema, { channel_id: conversation.channelId, ...recipient, ...message, priority: 'high' }),
    idempotencyKey: agentReplyIdempotencyKey(reply.client_id),
    traceId: request.traceId,
    source: 'agent',
  });
  if (!result.replayed) {
    await deps.prisma.auditLog.create({
      data: {
        workspaceId,
        actorType: actor.type,
        actorId: actor.id,
        action: 'message.agent_reply',
        targetType: 'message',
        targetId: result.body.id,
        data: {
          conversation_id: conversation.id,
          type: message.type,
          ...(message.type === 'template' ? { template: message.template.name, language: message.template.language.code } : {}),
        },
        traceId: request.traceId,
      },
    });
  }
  return { message_id: result.body.id, status: 'queued', type: message.type, taken_over: takenOver, replayed: result.replayed };
}
