import type { Prisma, PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import type { ConversationView } from './conversation-owner-schemas';

type Db = PrismaClient | Prisma.TransactionClient;

/** Reads one conversation of the workspace; another workspace's id is `not_found`, like a missing one. */
export async function getConversation(db: Db, workspaceId: string, id: string): Promise<ConversationView> {
  const row = await db.conversation.findFirst({
    where: { id, workspaceId },
    select: {
      id: true, channelId: true, owner: true, status: true, windowExpiresAt: true, lastMessageAt: true, handoffAt: true, createdAt: true,
      contact: { select: { id: true, waId: true, name: true } },
    },
  });
  if (!row) throw new AppError('not_found', 'No conversation with this id in this workspace');
  return {
    id: row.id,
    channel_id: row.channelId,
    contact: { id: row.contact.id, wa_id: row.contact.waId, name: row.contact.name },
    owner: row.owner,
    status: row.status,
    window_expires_at: row.windowExpiresAt?.toISOString() ?? null,
    last_message_at: row.lastMessageAt?.toISOString() ?? null,
    handoff_at: row.handoffAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
