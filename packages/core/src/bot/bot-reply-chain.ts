import type { Prisma, PrismaClient } from '@switchboard/db';
import { newRowId } from '../inbound/new-row-id';
import { OUTBOUND_SEND_TOPIC } from '../message/send-message';
import type { SqlPool } from '../ports/sql-pool';
import { BOT_REPLY_PRIORITY, enqueueBotReply, type BotReplyRow } from './enqueue-bot-reply';
import { CUSTOMER_EVENT_TOPIC } from './handoff-conversation';

/** A queued message to hand to the outbound dispatcher after commit. */
export type ReplyDispatch = Awaited<ReturnType<typeof enqueueBotReply>>;

// A bot reply still on its way to Meta is one in status accepted, queued or sending (the SQL below).
// Once Meta accepted it (sent) or it settled otherwise, the next reply of the conversation may go.

/**
 * Queues a turn's replies in order. The outbound pipeline sends messages in
 * parallel, so two replies queued together could reach Meta in either order;
 * instead only one bot reply per conversation is in flight at a time: the
 * first becomes a `queued` message now if none is in flight, the rest wait in
 * `bot_pending_replies` and are promoted one by one (`promoteHeldReplies`).
 */
export async function queueBotReplies(
  tx: Prisma.TransactionClient,
  conversationId: string,
  replies: BotReplyRow[],
  now: Date,
): Promise<{ dispatch: ReplyDispatch[]; held: number }> {
  if (replies.length === 0) return { dispatch: [], held: 0 };
  // The chain lock and the two checks in one statement. Its snapshot may predate the lock, which is
  // safe: a promotion committed meanwhile consumed a held reply this snapshot still sees, so the
  // answer can only err towards holding (and holding keeps the order).
  const [state] = await tx.$queryRaw<{ free: boolean }[]>`
    SELECT pg_advisory_xact_lock(hashtextextended(${`bot-chain:${conversationId}`}, 0)) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM bot_pending_replies WHERE conversation_id = ${conversationId}::uuid)
      AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ${conversationId}::uuid AND direction = 'outbound' AND source = 'bot'
        AND status IN ('accepted', 'queued', 'sending')) AS free`;
  const dispatch: ReplyDispatch[] = [];
  let rest = replies;
  if (state?.free) {
    const [first, ...others] = replies;
    if (first) dispatch.push(await enqueueBotReply(tx, first, now));
    rest = others;
  }
  if (rest.length > 0) {
    // One raw insert (rows in reply order: `seq` is their promotion order).
    await tx.$executeRaw`INSERT INTO bot_pending_replies (id, workspace_id, conversation_id, channel_id, contact_id, type, content_enc, trace_id, metadata)
      SELECT id, workspace_id, conversation_id, channel_id, contact_id, type, content_enc, trace_id, metadata
      FROM unnest(${rest.map(() => newRowId())}::uuid[], ${rest.map((r) => r.workspaceId)}::uuid[], ${rest.map((r) => r.conversationId)}::uuid[],
        ${rest.map((r) => r.channelId)}::uuid[], ${rest.map((r) => r.contactId)}::uuid[], ${rest.map((r) => r.type)}::text[],
        ${rest.map((r) => r.contentEnc)}::text[], ${rest.map((r) => r.traceId)}::text[],
        ${rest.map((r) => (r.metadata === null ? null : JSON.stringify(r.metadata)))}::jsonb[])
        WITH ORDINALITY AS r(id, workspace_id, conversation_id, channel_id, contact_id, type, content_enc, trace_id, metadata, n)
      ORDER BY n`;
  }
  return { dispatch, held: rest.length };
}

// $1 conversations; per conversation the ids a promotion needs: $2 message, $3 event, $4 send outbox,
// $5 customer-event outbox; $6 now, $7 now as ISO text (the customer event's `at`).
const PROMOTE = `WITH watched AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[]) AS w(conversation_id, message_id, event_id, send_id, customer_event_id)
), state AS (
  SELECT w.*, h.id AS held_id, h.held,
    EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = w.conversation_id AND m.direction = 'outbound' AND m.source = 'bot'
      AND m.status IN ('accepted', 'queued', 'sending')) AS busy
  FROM watched w LEFT JOIN LATERAL (
    SELECT (SELECT id FROM bot_pending_replies q WHERE q.conversation_id = w.conversation_id ORDER BY q.seq LIMIT 1) AS id,
      (SELECT count(*) FROM bot_pending_replies q WHERE q.conversation_id = w.conversation_id)::int AS held
  ) h ON true
), promoted AS (
  DELETE FROM bot_pending_replies p USING state s WHERE p.id = s.held_id AND NOT s.busy
  RETURNING s.conversation_id, s.message_id, s.event_id, s.send_id, s.customer_event_id,
    p.workspace_id, p.channel_id, p.contact_id, p.type, p.content_enc, p.trace_id, p.metadata
), message AS (
  INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority,
    source, trace_id, metadata, created_at, updated_at)
  SELECT message_id, workspace_id, channel_id, conversation_id, contact_id, 'outbound', type, content_enc, 'queued', '${BOT_REPLY_PRIORITY}',
    'bot', trace_id, metadata, $6, $6
  FROM promoted
  RETURNING id
), queued_event AS (
  INSERT INTO message_events (id, workspace_id, message_id, status, at, source, trace_id)
  SELECT p.event_id, p.workspace_id, p.message_id, 'queued', $6, 'worker', p.trace_id FROM promoted p JOIN message m ON m.id = p.message_id
), send AS (
  INSERT INTO outbox_entries (id, topic, payload) SELECT send_id, '${OUTBOUND_SEND_TOPIC}', jsonb_build_object('messageId', message_id::text) FROM promoted
), customer_event AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at)
  SELECT customer_event_id, '${CUSTOMER_EVENT_TOPIC}', jsonb_build_object('type', 'message.status', 'workspaceId', workspace_id, 'messageId', message_id,
    'from', NULL::text, 'to', 'queued', 'at', $7::text), clock_timestamp()
  FROM promoted
)
SELECT s.conversation_id::text AS conversation_id, s.held, p.message_id::text AS message_id, p.workspace_id::text AS workspace_id,
  p.channel_id::text AS channel_id
FROM state s LEFT JOIN promoted p ON p.conversation_id = s.conversation_id`;

/** What became of one watched conversation: its next held reply promoted, still waiting, or nothing held. */
export type PromoteOutcome =
  | { conversationId: string; kind: 'promoted'; dispatch: ReplyDispatch; remaining: boolean }
  | { conversationId: string; kind: 'busy' }
  | { conversationId: string; kind: 'empty' };

/**
 * For each conversation, moves its oldest held reply into the outbound pipeline when no bot reply of
 * it is in flight — for all of them in ONE statement on the pg pool (the reply-chain driver's tick).
 * No lock is needed: the DELETE of the held row gates the insert of its message, so when two workers
 * promote at once only one DELETE finds the row (the other's re-check skips it) and the reply is
 * queued once; a promotion commits the new in-flight message and the deleted held row together, so
 * no snapshot sees the next held reply as oldest while its predecessor is not yet in flight; and a
 * turn queues new replies after held ones or while one is in flight (`queueBotReplies`).
 */
export async function promoteHeldReplies(sql: SqlPool, conversationIds: string[], now: Date = new Date()): Promise<PromoteOutcome[]> {
  if (conversationIds.length === 0) return [];
  const ids = () => conversationIds.map(() => newRowId());
  const { rows } = await sql.query<{ conversation_id: string; held: number; message_id: string | null; workspace_id: string | null; channel_id: string | null }>({
    name: 'sb_bot_promote_held_replies',
    text: PROMOTE,
    values: [conversationIds, ids(), ids(), ids(), ids(), now, now.toISOString()],
  });
  return rows.map((row): PromoteOutcome => {
    if (row.message_id && row.workspace_id && row.channel_id) {
      return {
        conversationId: row.conversation_id,
        kind: 'promoted',
        dispatch: { messageId: row.message_id, workspaceId: row.workspace_id, channelId: row.channel_id, priority: BOT_REPLY_PRIORITY },
        remaining: row.held > 1,
      };
    }
    return { conversationId: row.conversation_id, kind: row.held > 0 ? 'busy' : 'empty' };
  });
}

/** Conversations that hold replies (for the periodic sweep that covers crashes and other workers). */
export async function conversationsWithHeldReplies(prisma: PrismaClient, limit = 500): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT conversation_id::text AS id FROM bot_pending_replies ORDER BY 1 LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
