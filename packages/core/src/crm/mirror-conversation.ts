import type { CrmAdapter, CrmAttachment, CrmContactRef } from '@switchboard/crm';
import { isCrmSyncError } from '@switchboard/crm';
import { Prisma } from '@switchboard/db';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { lockCrmObject } from './crm-locks';
import { CRM_MEDIA_TYPES, CrmMediaError } from './crm-media';
import { renderMessageText } from './render-message-text';

/** Stable identity of a WhatsApp contact in the CRM. */
export function crmContactIdentity(contact: { waId: string | null; userId: string | null }): { identifier: string; sourceId: string; phoneNumber?: string } {
  const sourceId = contact.waId ?? contact.userId;
  if (!sourceId) throw new Error('contact has neither wa_id nor BSUID');
  return { identifier: `whatsapp:${sourceId}`, sourceId, ...(contact.waId ? { phoneNumber: `+${contact.waId}` } : {}) };
}

/**
 * The CRM contact of one of our contacts, created once: under the contact's lock, our link table
 * (unique per integration and contact) is the record; a contact created in the CRM just before a crash
 * is found again by its identifier instead of being created twice. A changed profile name is sent once.
 */
export async function ensureCrmContact(
  deps: CrmDeps, tx: Prisma.TransactionClient, integration: CrmIntegration, adapter: CrmAdapter, contactId: string,
): Promise<CrmContactRef> {
  await lockCrmObject(tx, integration.id, 'contact', contactId);
  const contact = await tx.contact.findUniqueOrThrow({ where: { id: contactId }, select: { id: true, waId: true, userId: true, name: true, username: true } });
  const name = contact.name ?? contact.username ?? contact.waId ?? contact.userId ?? 'WhatsApp contact';
  const link = await deps.prisma.crmLink.findUnique({ where: { integrationId_entity_localId: { integrationId: integration.id, entity: 'contact', localId: contactId } } });
  if (link) {
    if (contact.name && contact.name !== link.syncedName) {
      await adapter.updateContactName(link.externalId, contact.name);
      await deps.prisma.crmLink.update({ where: { id: link.id }, data: { syncedName: contact.name } });
    }
    return { contactId: link.externalId, sourceId: link.sourceId ?? crmContactIdentity(contact).sourceId };
  }
  const identity = crmContactIdentity(contact);
  let ref: CrmContactRef;
  try {
    ref = await adapter.createContact({ ...identity, name });
  } catch (error) {
    // Created before a crash (identifier or source id taken): find it and make sure it is linked to our inbox.
    if (!isCrmSyncError(error) || error.kind !== 'rejected' || error.status !== 422) throw error;
    const found = await adapter.findContactByIdentifier(identity.identifier);
    if (!found) throw error;
    ref = found.sourceId === identity.sourceId ? found : await linkOrReuse(adapter, found.contactId, identity.sourceId);
  }
  await deps.prisma.crmLink.create({
    data: { workspaceId: integration.workspaceId, integrationId: integration.id, entity: 'contact', localId: contactId, externalId: ref.contactId, sourceId: ref.sourceId, syncedName: name },
  });
  return ref;
}

async function linkOrReuse(adapter: CrmAdapter, contactId: string, sourceId: string): Promise<CrmContactRef> {
  try {
    return await adapter.linkContactToInbox(contactId, sourceId);
  } catch (error) {
    // The link exists already (same source id in this inbox).
    if (isCrmSyncError(error) && error.kind === 'rejected' && error.status === 422) return { contactId, sourceId };
    throw error;
  }
}

/**
 * The CRM conversation of one of ours, created once. Call with the conversation's lock held. It opens
 * as `open` when a human owns the conversation and `pending` (bot-owned, Chatwoot's convention) otherwise.
 */
export async function ensureCrmConversation(
  deps: CrmDeps, tx: Prisma.TransactionClient, integration: CrmIntegration, adapter: CrmAdapter, conversation: { id: string; contactId: string; owner: 'bot' | 'human' },
): Promise<string> {
  const link = await deps.prisma.crmLink.findUnique({ where: { integrationId_entity_localId: { integrationId: integration.id, entity: 'conversation', localId: conversation.id } } });
  if (link) return link.externalId;
  const contact = await ensureCrmContact(deps, tx, integration, adapter, conversation.contactId);
  const created = await adapter.createConversation({ contact, status: conversation.owner === 'human' ? 'open' : 'pending' });
  await deps.prisma.crmLink.create({
    data: { workspaceId: integration.workspaceId, integrationId: integration.id, entity: 'conversation', localId: conversation.id, externalId: created.conversationId },
  });
  return created.conversationId;
}

/** What `mirrorConversationMessages` did. */
export interface MirrorResult {
  crmConversationId: string;
  created: number;
  linked: number;
}

const BATCH = 50;

/**
 * Mirrors the conversation's messages up to `upTo` (inclusive, by creation order) that are not in the
 * CRM yet, oldest first, under the conversation's lock: so concurrent jobs of one conversation create
 * the contact, the conversation and each message once and in order. Each link is committed right after
 * its CRM call (not with the lock's transaction), so a later failure does not forget what was created.
 * Messages an agent wrote in the CRM (source `crm`) are only linked, never posted back.
 */
export async function mirrorConversationMessages(
  deps: CrmDeps, tx: Prisma.TransactionClient, integration: CrmIntegration, adapter: CrmAdapter,
  conversationId: string, upTo: { createdAt: Date; id: string } | null,
): Promise<MirrorResult> {
  await lockCrmObject(tx, integration.id, 'conversation', conversationId);
  const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { id: true, contactId: true, owner: true } });
  const crmConversationId = await ensureCrmConversation(deps, tx, integration, adapter, conversation);
  // The contact's profile name may have changed since the conversation was created.
  await ensureCrmContact(deps, tx, integration, adapter, conversation.contactId);
  const result: MirrorResult = { crmConversationId, created: 0, linked: 0 };
  for (;;) {
    const pending = await tx.$queryRaw<PendingMessage[]>`
      SELECT m.id, m.channel_id, m.direction, m.type, m.content_enc, m.source, m.metadata FROM messages m
      WHERE m.conversation_id = ${conversationId}::uuid AND m.created_at >= ${integration.since}::timestamptz
        ${upTo ? Prisma.sql`AND (m.created_at, m.id) <= (${upTo.createdAt}::timestamptz, ${upTo.id}::uuid)` : Prisma.empty}
        AND NOT EXISTS (SELECT 1 FROM crm_links l WHERE l.integration_id = ${integration.id}::uuid AND l.entity = 'message' AND l.local_id = m.id)
      ORDER BY m.created_at, m.id LIMIT ${BATCH}`;
    for (const message of pending) {
      let externalId: string;
      const agentMessageId = message.source === 'crm' ? crmMessageIdOf(message.metadata) : null;
      if (agentMessageId) {
        externalId = agentMessageId;
        result.linked += 1;
      } else {
        const created = await postMessage(deps, adapter, crmConversationId, message);
        externalId = created.messageId;
        result.created += 1;
      }
      await deps.prisma.crmLink.createMany({
        data: [{ workspaceId: integration.workspaceId, integrationId: integration.id, entity: 'message', localId: message.id, externalId }],
        skipDuplicates: true,
      });
    }
    if (pending.length < BATCH) return result;
  }
}

interface PendingMessage { id: string; channel_id: string; direction: 'inbound' | 'outbound'; type: string; content_enc: string; source: string; metadata: unknown }

/**
 * Posts one message to the CRM. A media message, inbound or a bot/API reply, is uploaded as an attachment
 * (caption as the text) when the deps can fetch media; media that cannot be fetched, are too large or that the CRM
 * refuses are posted as the text description instead, with why, so the conversation stays complete.
 */
async function postMessage(deps: CrmDeps, adapter: CrmAdapter, crmConversationId: string, message: PendingMessage): Promise<{ messageId: string }> {
  const stored = deps.secretBox.decryptJson(message.content_enc);
  const direction = message.direction === 'inbound' ? 'incoming' : 'outgoing';
  const content = renderMessageText(message.type, stored);
  const media = (stored as Record<string, unknown> | null)?.[message.type];
  const isMedia = (CRM_MEDIA_TYPES as readonly string[]).includes(message.type) && media !== null && typeof media === 'object';
  if (!isMedia || !deps.fetchMedia) return adapter.createMessage({ conversationId: crmConversationId, direction, content });
  const described = (why: string) => adapter.createMessage({ conversationId: crmConversationId, direction, content: `${content} (attachment not mirrored: ${why})` });
  let attachment: CrmAttachment;
  try {
    attachment = await deps.fetchMedia({ channelId: message.channel_id, type: message.type, media: media as Record<string, unknown> });
  } catch (error) {
    if (!(error instanceof CrmMediaError)) throw error;
    return described(error.message);
  }
  const caption = typeof (media as Record<string, unknown>)['caption'] === 'string' ? String((media as Record<string, unknown>)['caption']) : '';
  try {
    return await adapter.createMessage({ conversationId: crmConversationId, direction, content: caption, attachments: [attachment] });
  } catch (error) {
    if (!isCrmSyncError(error) || error.kind !== 'rejected') throw error;
    return described(`the CRM refused the upload: ${error.message.slice(0, 200)}`);
  }
}

/** The CRM message id an agent message carries in its metadata (set by the webhook handler). */
export function crmMessageIdOf(metadata: unknown): string | null {
  const value = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>)['crm_message_id'] : undefined;
  return typeof value === 'string' ? value : null;
}
