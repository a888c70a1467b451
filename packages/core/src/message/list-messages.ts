import type { Prisma, PrismaClient, SecretBox } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { decodeMessageCursor, encodeMessageCursor } from './message-cursor';
import { messageViewSchema, toMessageView, type MessageView } from './message-view';

/** Largest page `GET /api/v1/messages` returns; larger limits are clamped to it. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

// Query strings arrive as text; limit is clamped rather than refused, as the API promises.
const limitSchema = z
  .union([z.number(), z.string().regex(/^-?\d{1,12}$/, { error: 'must be an integer' })])
  .transform((value) => Math.min(MAX_PAGE_SIZE, Math.max(1, Number(value))));

/** Query of `GET /api/v1/messages` (all optional; newest first). */
export const listMessagesQuerySchema = z.strictObject({
  status: z.enum(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'received']).optional(),
  channel_id: z.uuid({ error: 'must be a channel id (UUID)' }).optional(),
  conversation_id: z.uuid({ error: 'must be a conversation id (UUID)' }).optional(),
  /** Only messages created at or after this instant (ISO 8601 with offset). */
  since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** Only messages created before this instant. */
  until: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  /** `next_cursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  /** 1..100, default 50; values outside are clamped. */
  limit: limitSchema.optional(),
});
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

/** Response of `GET /api/v1/messages`. */
export const messagePageSchema = z.object({
  data: z.array(messageViewSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  next_cursor: z.string().nullable(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/**
 * A page of the workspace's messages, newest first, keyset-paginated over
 * (created_at, id) so pages stay stable while messages arrive. Filters map
 * onto the (workspace_id, status|channel_id, created_at) indexes and
 * (conversation_id, created_at).
 */
export async function listMessages(
  deps: { prisma: PrismaClient; secretBox: SecretBox },
  workspaceId: string,
  query: ListMessagesQuery,
): Promise<MessagePage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const since = query.since === undefined ? undefined : new Date(query.since);
  const until = query.until === undefined ? undefined : new Date(query.until);
  if (since && until && since.getTime() >= until.getTime()) {
    throw new AppError('validation_failed', 'since: must be before until', {
      details: [{ field: 'since', message: 'must be before until' }],
    });
  }
  const cursor = query.cursor === undefined ? undefined : decodeMessageCursor(query.cursor);
  const where: Prisma.MessageWhereInput = {
    workspaceId,
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.channel_id === undefined ? {} : { channelId: query.channel_id }),
    ...(query.conversation_id === undefined ? {} : { conversationId: query.conversation_id }),
    ...(since || until ? { createdAt: { ...(since ? { gte: since } : {}), ...(until ? { lt: until } : {}) } } : {}),
    ...(cursor
      ? {
          OR: [
            { createdAt: { lt: cursor.createdAt } },
            { createdAt: cursor.createdAt, id: { lt: cursor.id } },
          ],
        }
      : {}),
  };
  // One extra row tells whether another page exists without a count query.
  const rows = await deps.prisma.message.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const data: MessageView[] = page.map((row) => toMessageView(row, deps.secretBox));
  return {
    data,
    next_cursor: rows.length > limit && last ? encodeMessageCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
