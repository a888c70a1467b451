import type { MessageEvent } from '@switchboard/whatsapp';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../conversation/record-inbound-activity';
import { customerEventOutboxSchema } from '../webhook/customer-event-outbox';
import { newRowId } from './new-row-id';
import type { InboundInputPlan } from './on-inbound-message';
import type { SqlPool } from '../ports/sql-pool';

export interface StoreInboundMessageInput {
  inboundWebhookId: string;
  channel: { id: string; workspaceId: string };
  event: MessageEvent;
  /** The message's stored content (Meta's type object), already encrypted. */
  contentEnc: string;
  traceId: string;
  /** A bot input to record with the message, unless the conversation is owned by a human. */
  input: InboundInputPlan | null;
}

export type StoreInboundMessageResult =
  /** Another run processed the webhook first (the claim found `processed_at` set). */
  | { kind: 'not_claimed' }
  | { kind: 'duplicate'; receivedAt: Date }
  | { kind: 'stored'; receivedAt: Date; messageId: string; conversationId: string; inputId: string | null };

interface ResultRow {
  received_at: Date | null;
  seen: boolean;
  message_id: string | null;
  conversation_id: string | null;
  input_id: string | null;
}

// The contact's identities: a new value wins, a missing one keeps the stored one (as upsertContact).
const identityColumns = ['wa_id', 'user_id', 'parent_user_id', 'username', 'name'] as const;
const merged = identityColumns.map((c) => `coalesce(EXCLUDED.${c}, c.${c})`);

/**
 * Applies a stored webhook that carries one message in ONE statement, so one
 * round trip and no explicit transaction: claims the webhook (sets
 * `processed_at` unless already set: a second run, queue or sweep, waits for
 * the first and then claims nothing), and unless the wamid was seen before
 * upserts the contact (by `wa_id`, or by `user_id` for a BSUID-only user),
 * upserts the conversation (window only moves forward), inserts the message
 * (unique per channel and wamid), its `message.received` outbox entry and the
 * bot input. The same rows as `applyInboundMessage`, all or nothing.
 *
 * A contact whose identities belong to two stored contacts (a merge) makes
 * the statement fail with a unique violation; the caller then takes the
 * general path, which merges them.
 */
export async function storeInboundMessage(sql: SqlPool, input: StoreInboundMessageInput): Promise<StoreInboundMessageResult> {
  const { event, channel } = input;
  const identity = {
    wa_id: event.contact?.waId || event.from || null,
    user_id: event.contact?.userId || event.fromUserId || null,
    parent_user_id: event.contact?.parentUserId || null,
    username: event.contact?.username || null,
    name: event.contact?.name || null,
  };
  if (!identity.wa_id && !identity.user_id) throw new Error('storeInboundMessage: the message has no sender');
  // The unique key the contact is found by; a value for the other one is an update.
  const arbiter = identity.wa_id ? 'wa_id' : 'user_id';
  const messageId = newRowId();
  const customerEvent = customerEventOutboxSchema.parse({
    type: 'message.received', workspaceId: channel.workspaceId, messageId, at: event.date.toISOString(),
  });
  const values = [
    input.inboundWebhookId, channel.workspaceId, channel.id, // $1 $2 $3
    newRowId(), identity.wa_id, identity.user_id, identity.parent_user_id, identity.username, identity.name, // $4 … $9
    newRowId(), new Date(event.date.getTime() + CUSTOMER_SERVICE_WINDOW_MS), event.date, // $10 $11 $12
    messageId, event.messageType, input.contentEnc, event.wamid, input.traceId, // $13 … $17
    newRowId(), JSON.stringify(customerEvent), // $18 $19
    input.input?.botId ?? null, newRowId(), input.input?.contentEnc ?? null, // $20 $21 $22
  ];
  const { rows } = await sql.query<ResultRow>(
    `WITH claim AS (
      UPDATE inbound_webhooks SET processed_at = now()
      WHERE id = $1::uuid AND processed_at IS NULL
      RETURNING received_at
    ), seen AS (
      SELECT 1 FROM messages WHERE channel_id = $3::uuid AND wamid = $16
    ), contact AS (
      INSERT INTO contacts AS c (id, workspace_id, ${identityColumns.join(', ')}, updated_at)
      SELECT $4::uuid, $2::uuid, $5, $6, $7, $8, $9, now() FROM claim WHERE NOT EXISTS (SELECT 1 FROM seen)
      ON CONFLICT (workspace_id, ${arbiter}) DO UPDATE SET
        ${identityColumns.map((c, i) => `${c} = ${merged[i]}`).join(', ')},
        updated_at = CASE WHEN (${merged.join(', ')}) IS DISTINCT FROM (${identityColumns.map((c) => `c.${c}`).join(', ')})
          THEN now() ELSE c.updated_at END
      RETURNING id
    ), conversation AS (
      INSERT INTO conversations AS v (id, workspace_id, channel_id, contact_id, owner, status, window_expires_at, last_inbound_at, last_message_at, updated_at)
      SELECT $10::uuid, $2::uuid, $3::uuid, contact.id, 'bot', 'open', $11::timestamptz, $12::timestamptz, $12::timestamptz, now() FROM contact
      ON CONFLICT (channel_id, contact_id) DO UPDATE SET
        status = 'open',
        window_expires_at = GREATEST(v.window_expires_at, EXCLUDED.window_expires_at),
        last_inbound_at = GREATEST(v.last_inbound_at, EXCLUDED.last_inbound_at),
        last_message_at = GREATEST(v.last_message_at, EXCLUDED.last_message_at),
        updated_at = now()
      RETURNING id, contact_id, owner
    ), message AS (
      INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, wamid, source, trace_id, sent_at, updated_at)
      SELECT $13::uuid, $2::uuid, $3::uuid, conversation.id, conversation.contact_id, 'inbound', $14, $15, 'received', $16, 'whatsapp', $17, $12::timestamptz, now()
      FROM conversation
      ON CONFLICT (channel_id, wamid) DO NOTHING
      RETURNING id
    ), customer_event AS (
      INSERT INTO outbox_entries (id, topic, payload, created_at)
      SELECT $18::uuid, 'customer_event', $19::jsonb, clock_timestamp() FROM message
    ), input AS (
      INSERT INTO bot_turn_inputs (id, workspace_id, conversation_id, message_id, bot_id, wamid, trace_id, content_enc, received_at)
      SELECT $21::uuid, $2::uuid, conversation.id, message.id, $20::uuid, $16, $17, $22, claim.received_at
      FROM message, conversation, claim
      WHERE $20::uuid IS NOT NULL AND conversation.owner <> 'human'
      RETURNING id
    )
    SELECT (SELECT received_at FROM claim) AS received_at, EXISTS (SELECT 1 FROM seen) AS seen,
      (SELECT id::text FROM message) AS message_id, (SELECT id::text FROM conversation) AS conversation_id,
      (SELECT id::text FROM input) AS input_id`,
    values,
  );
  const row = rows[0];
  if (!row?.received_at) return { kind: 'not_claimed' };
  if (row.seen || !row.message_id || !row.conversation_id) return { kind: 'duplicate', receivedAt: row.received_at };
  return { kind: 'stored', receivedAt: row.received_at, messageId: row.message_id, conversationId: row.conversation_id, inputId: row.input_id };
}
