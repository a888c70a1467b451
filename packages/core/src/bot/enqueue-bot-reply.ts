import type { Prisma } from '@switchboard/db';
import { OUTBOUND_SEND_TOPIC } from '../message/send-message';
import { newRowId } from '../inbound/new-row-id';
import { customerEventOutboxSchema } from '../webhook/customer-event-outbox';
import { CUSTOMER_EVENT_TOPIC } from './handoff-conversation';

/** A bot reply as stored: the Cloud API type and its encrypted type object (`{ [type]: {...} }`). */
export interface BotReplyRow {
  workspaceId: string;
  channelId: string;
  conversationId: string;
  contactId: string;
  type: string;
  contentEnc: string;
  traceId: string;
  metadata: Prisma.InputJsonObject | null;
}

/** Bot replies use the high lane: a person is waiting for them. */
export const BOT_REPLY_PRIORITY = 'high' as const;

/**
 * Writes a bot reply the way the REST API writes a message (design §3.1): the
 * `queued` message row, its `queued` event and the `outbound.send` outbox entry
 * in the caller's transaction, so the outbox relay sends it even if the
 * dispatch after commit is lost. Returns what to dispatch after commit.
 */
export async function enqueueBotReply(
  tx: Prisma.TransactionClient,
  reply: BotReplyRow,
  now: Date,
): Promise<{ messageId: string; workspaceId: string; channelId: string; priority: typeof BOT_REPLY_PRIORITY }> {
  const messageId = newRowId();
  const customerEvent = customerEventOutboxSchema.parse({
    type: 'message.status', workspaceId: reply.workspaceId, messageId, from: null, to: 'queued', at: now.toISOString(),
  });
  // One statement (one round trip, no Prisma query compile).
  await tx.$executeRaw`WITH message AS (
      INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority,
        source, trace_id, metadata, created_at, updated_at)
      VALUES (${messageId}::uuid, ${reply.workspaceId}::uuid, ${reply.channelId}::uuid, ${reply.conversationId}::uuid, ${reply.contactId}::uuid,
        'outbound', ${reply.type}, ${reply.contentEnc}, 'queued', ${BOT_REPLY_PRIORITY}::"MessagePriority", 'bot', ${reply.traceId},
        ${reply.metadata === null ? null : JSON.stringify(reply.metadata)}::jsonb, ${now}, ${now})
      RETURNING id
    ), queued_event AS (
      INSERT INTO message_events (id, workspace_id, message_id, status, at, source, trace_id)
      SELECT ${newRowId()}::uuid, ${reply.workspaceId}::uuid, id, 'queued', ${now}, 'worker', ${reply.traceId} FROM message
    ), send AS (
      INSERT INTO outbox_entries (id, topic, payload) SELECT ${newRowId()}::uuid, ${OUTBOUND_SEND_TOPIC}, jsonb_build_object('messageId', id::text) FROM message
    )
    INSERT INTO outbox_entries (id, topic, payload, created_at)
    SELECT ${newRowId()}::uuid, ${CUSTOMER_EVENT_TOPIC}, ${JSON.stringify(customerEvent)}::jsonb, clock_timestamp() FROM message`;
  return { messageId, workspaceId: reply.workspaceId, channelId: reply.channelId, priority: BOT_REPLY_PRIORITY };
}
