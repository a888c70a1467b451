import type { Prisma, PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { decodeMessageCursor, encodeMessageCursor } from '../message/message-cursor';

/** Filters of the inbox list. */
export const listConversationsQuerySchema = z.object({
  owner: z.enum(['bot', 'human']).optional(),
  channel_id: z.uuid().optional(),
  /** Part of the contact's number or name. */
  search: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().catch(30).transform((n) => Math.min(Math.max(n, 1), 100)).optional(),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const conversationSummarySchema = z.object({
  id: z.uuid(),
  channel_id: z.uuid(),
  contact: z.object({ id: z.uuid(), wa_id: z.string().nullable(), name: z.string().nullable() }),
  owner: z.enum(['bot', 'human']),
  window_open: z.boolean().describe('Whether the 24 h customer service window is open now.'),
  last_message_at: z.iso.datetime().nullable(),
  handoff_at: z.iso.datetime().nullable(),
});
export const conversationPageSchema = z.object({ data: z.array(conversationSummarySchema), next_cursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof conversationPageSchema>;

/**
 * The workspace's conversations, most recent activity first (the inbox),
 * filtered by owner, channel and contact number/name, with a stable cursor
 * over (last activity, id).
 */
export async function listConversations(prisma: PrismaClient, workspaceId: string, query: ListConversationsQuery, now = new Date()): Promise<ConversationPage> {
  const limit = query.limit ?? 30;
  const cursor = query.cursor ? decodeMessageCursor(query.cursor) : null;
  const where: Prisma.ConversationWhereInput = {
    workspaceId,
    ...(query.owner ? { owner: query.owner } : {}),
    ...(query.channel_id ? { channelId: query.channel_id } : {}),
    ...(query.search
      ? { contact: { OR: [{ waId: { contains: query.search.replace(/^\+/, '') } }, { name: { contains: query.search, mode: 'insensitive' as const } }] } }
      : {}),
    ...(cursor
      ? { OR: [{ updatedAt: { lt: cursor.createdAt } }, { updatedAt: cursor.createdAt, id: { lt: cursor.id } }] }
      : {}),
  };
  const rows = await prisma.conversation.findMany({
    where,
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: {
      id: true, channelId: true, owner: true, windowExpiresAt: true, lastMessageAt: true, handoffAt: true, updatedAt: true,
      contact: { select: { id: true, waId: true, name: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({
      id: row.id,
      channel_id: row.channelId,
      contact: { id: row.contact.id, wa_id: row.contact.waId, name: row.contact.name },
      owner: row.owner,
      window_open: row.windowExpiresAt !== null && row.windowExpiresAt.getTime() > now.getTime(),
      last_message_at: row.lastMessageAt?.toISOString() ?? null,
      handoff_at: row.handoffAt?.toISOString() ?? null,
    })),
    next_cursor: rows.length > limit && last ? encodeMessageCursor({ createdAt: last.updatedAt, id: last.id }) : null,
  };
}
