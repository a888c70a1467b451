import type { Prisma, PrismaClient } from '@switchboard/db';
import { lockConversation } from './conversation-locks';
import { newRowId } from '../inbound/new-row-id';
import { enqueueBotReply, type BotReplyRow } from './enqueue-bot-reply';

/** A queued message to hand to the outbound dispatcher after commit. */
export type ReplyDispatch = Awaited<ReturnType<typeof enqueueBotReply>>;

// A bot reply still on its way to Meta is one in status accepted, queued or sending (the SQL below).
// Once Meta accepted it (sent) or it settled otherwise, the next reply of the conversation may go.

/**
 * Queues a turn's replies in order. The outbound pipeline sends messages in
 * parallel, so two replies queued together could reach Meta in either order;
 * instead only one bot reply per conversation is in flight at a time: the
 * first becomes a `queued` message now if none is in flight, the rest wait in
 * `bot_pending_replies` and are promoted one by one (`promoteNextBotReply`).
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

export type PromoteOutcome = { kind: 'promoted'; dispatch: ReplyDispatch; remaining: boolean } | { kind: 'busy' } | { kind: 'empty' };

/**
 * Moves the conversation's oldest held reply into the outbound pipeline when
 * no bot reply of the conversation is in flight. Safe to call from several
 * workers at once (the chain lock serializes them).
 */
export async function promoteNextBotReply(prisma: PrismaClient, conversationId: string, now: () => Date = () => new Date()): Promise<PromoteOutcome> {
  return prisma.$transaction(async (tx) => {
    await lockConversation(tx, 'chain', conversationId);
    // One read after the lock: the oldest held reply, whether a reply is in flight, whether more are held.
    const [next] = await tx.$queryRaw<(HeldReplyRow & { busy: boolean; more: boolean })[]>`
      SELECT p.id::text, p.workspace_id::text AS "workspaceId", p.channel_id::text AS "channelId", p.conversation_id::text AS "conversationId",
        p.contact_id::text AS "contactId", p.type, p.content_enc AS "contentEnc", p.trace_id AS "traceId", p.metadata,
        EXISTS (SELECT 1 FROM messages WHERE conversation_id = ${conversationId}::uuid AND direction = 'outbound' AND source = 'bot'
          AND status IN ('accepted', 'queued', 'sending')) AS busy,
        EXISTS (SELECT 1 FROM bot_pending_replies q WHERE q.conversation_id = ${conversationId}::uuid AND q.seq > p.seq) AS more
      FROM bot_pending_replies p WHERE p.conversation_id = ${conversationId}::uuid ORDER BY p.seq ASC LIMIT 1`;
    if (!next) return { kind: 'empty' } as const;
    if (next.busy) return { kind: 'busy' } as const;
    const dispatch = await enqueueBotReply(
      tx,
      {
        workspaceId: next.workspaceId,
        channelId: next.channelId,
        conversationId: next.conversationId,
        contactId: next.contactId,
        type: next.type,
        contentEnc: next.contentEnc,
        traceId: next.traceId,
        metadata: (next.metadata ?? null) as Prisma.InputJsonObject | null,
      },
      now(),
      next.id,
    );
    return { kind: 'promoted', dispatch, remaining: next.more } as const;
  });
}

interface HeldReplyRow {
  id: string;
  workspaceId: string;
  channelId: string;
  conversationId: string;
  contactId: string;
  type: string;
  contentEnc: string;
  traceId: string;
  metadata: unknown;
}

/** Of these conversations, the ones whose bot replies have nothing in flight (their next held reply can go). */
export async function conversationsReadyToPromote(prisma: PrismaClient, conversationIds: string[]): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  // Polled every few ms while replies are held: one raw statement, no Prisma query compile.
  const busy = await prisma.$queryRaw<{ conversationId: string }[]>`
    SELECT DISTINCT conversation_id::text AS "conversationId" FROM messages
    WHERE conversation_id = ANY(${conversationIds}::uuid[]) AND direction = 'outbound' AND source = 'bot'
      AND status IN ('accepted', 'queued', 'sending')`;
  const busyIds = new Set(busy.map((m) => m.conversationId));
  return conversationIds.filter((id) => !busyIds.has(id));
}

/** Conversations that hold replies (for the periodic sweep that covers crashes and other workers). */
export async function conversationsWithHeldReplies(prisma: PrismaClient, limit = 500): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT conversation_id::text AS id FROM bot_pending_replies ORDER BY 1 LIMIT ${limit}`;
  return rows.map((r) => r.id);
}
