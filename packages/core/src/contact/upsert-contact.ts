import type { Prisma } from '@switchboard/db';
import { AppError } from '../app-error';

/** Every identity Meta may send for a user; at least `waId` or `userId` is required. */
export interface ContactIdentityInput {
  waId?: string;
  /** Business-scoped user id (BSUID). */
  userId?: string;
  parentUserId?: string;
  username?: string;
  name?: string;
}

export interface UpsertedContact {
  id: string;
  created: boolean;
  /** Contacts folded into this one because the new identities showed they are the same person. */
  mergedIds: string[];
}

interface ContactRow {
  id: string;
  wa_id: string | null;
  user_id: string | null;
  parent_user_id: string | null;
  username: string | null;
  name: string | null;
}

const fields = ['waId', 'userId', 'parentUserId', 'username', 'name'] as const;
const columns = { waId: 'wa_id', userId: 'user_id', parentUserId: 'parent_user_id', username: 'username', name: 'name' } as const;

/**
 * Finds or creates the workspace's contact for these identities and records
 * every identity given (newest values win). When the `wa_id` and the
 * `user_id` belong to two different contacts (one first seen by phone, the
 * other by BSUID only), they are merged into the older one: conversations,
 * messages and flow sessions move over. Must run inside a transaction; rows
 * are locked so concurrent calls for one person serialize, and the unique
 * constraints (wa_id, user_id per workspace) make a racing insert lose
 * without an error (it then re-reads).
 */
export async function upsertContact(
  tx: Prisma.TransactionClient,
  workspaceId: string,
  identity: ContactIdentityInput,
): Promise<UpsertedContact> {
  const waId = identity.waId || undefined;
  const userId = identity.userId || undefined;
  if (!waId && !userId) throw new AppError('bad_request', 'A contact needs a wa_id or a user_id');

  for (let attempt = 0; attempt < 3; attempt += 1) {
    const matches = await tx.$queryRaw<ContactRow[]>`
      SELECT id, wa_id, user_id, parent_user_id, username, name FROM contacts
      WHERE workspace_id = ${workspaceId}::uuid
        AND (wa_id = ${waId ?? null} OR user_id = ${userId ?? null})
      ORDER BY created_at, id
      FOR UPDATE`;
    const [keeper, ...others] = matches;
    if (!keeper) {
      const created = await tx.contact.createManyAndReturn({
        data: [{ workspaceId, waId, userId, parentUserId: identity.parentUserId, username: identity.username, name: identity.name }],
        skipDuplicates: true,
        select: { id: true },
      });
      if (created[0]) return { id: created[0].id, created: true, mergedIds: [] };
      continue; // another transaction created it first; read it again
    }

    // Identities of merged contacts fill the keeper's gaps; the new ones win.
    const target: Record<(typeof fields)[number], string | null> = {
      waId: keeper.wa_id, userId: keeper.user_id, parentUserId: keeper.parent_user_id, username: keeper.username, name: keeper.name,
    };
    for (const other of others) {
      for (const field of fields) target[field] ??= other[columns[field]];
      await mergeInto(tx, keeper.id, other.id);
    }
    for (const field of fields) {
      const value = identity[field];
      if (value) target[field] = value;
    }
    const changed = others.length > 0 || fields.some((field) => target[field] !== keeper[columns[field]]);
    if (changed) await tx.contact.update({ where: { id: keeper.id }, data: target });
    if (others.length > 0) {
      await tx.auditLog.create({
        data: {
          workspaceId, actorType: 'system', actorId: 'inbound-webhook', action: 'contact.merged',
          targetType: 'contact', targetId: keeper.id, data: { merged_contact_ids: others.map((o) => o.id) },
        },
      });
    }
    return { id: keeper.id, created: false, mergedIds: others.map((o) => o.id) };
  }
  throw new AppError('conflict', 'Contact changed concurrently too many times; retry');
}

async function mergeInto(tx: Prisma.TransactionClient, keeperId: string, loserId: string): Promise<void> {
  const conversations = await tx.conversation.findMany({ where: { contactId: loserId } });
  for (const conversation of conversations) {
    const existing = await tx.conversation.findUnique({
      where: { channelId_contactId: { channelId: conversation.channelId, contactId: keeperId } },
    });
    if (!existing) {
      await tx.conversation.update({ where: { id: conversation.id }, data: { contactId: keeperId } });
      continue;
    }
    await tx.message.updateMany({ where: { conversationId: conversation.id }, data: { conversationId: existing.id } });
    await tx.flowSession.updateMany({ where: { conversationId: conversation.id }, data: { conversationId: existing.id } });
    await tx.$executeRaw`
      UPDATE conversations SET
        window_expires_at = GREATEST(window_expires_at, ${conversation.windowExpiresAt}),
        last_inbound_at = GREATEST(last_inbound_at, ${conversation.lastInboundAt}),
        last_message_at = GREATEST(last_message_at, ${conversation.lastMessageAt}),
        updated_at = now()
      WHERE id = ${existing.id}::uuid`;
    await tx.conversation.delete({ where: { id: conversation.id } });
  }
  await tx.message.updateMany({ where: { contactId: loserId }, data: { contactId: keeperId } });
  await tx.contact.delete({ where: { id: loserId } });
}
