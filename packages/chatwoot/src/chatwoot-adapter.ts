import { CrmSyncError, type CrmAdapter, type CrmContactRef } from '@switchboard/crm';
import { createChatwootClient, type ChatwootClientOptions } from './chatwoot-client';
import type { ChatwootContact } from './chatwoot-schemas';

const asId = (value: string, what: string): number => {
  if (!/^\d+$/.test(value)) throw new CrmSyncError('rejected', `${what} ${value} is not a Chatwoot id`);
  return Number(value);
};

/** The CRM adapter for one Chatwoot account and API-channel inbox (`inboxId` null until one is chosen or created). */
export function createChatwootAdapter(options: ChatwootClientOptions & { inboxId: number | null }): CrmAdapter {
  const client = createChatwootClient(options);
  const inbox = (): number => {
    if (options.inboxId === null) throw new CrmSyncError('rejected', 'No Chatwoot inbox is configured for this workspace');
    return options.inboxId;
  };
  const refOf = (contact: ChatwootContact): CrmContactRef | null => {
    const link = contact.contact_inboxes?.find((ci) => ci.inbox?.id === options.inboxId);
    return link ? { contactId: String(contact.id), sourceId: link.source_id } : null;
  };

  return {
    kind: 'chatwoot',
    async testConnection() {
      const inboxes = await client.listInboxes();
      const found = options.inboxId === null ? undefined : inboxes.find((i) => i.id === options.inboxId);
      return {
        accountId: String(options.accountId),
        inbox: found ? { id: String(found.id), name: found.name, isApiChannel: found.channel_type === 'Channel::Api' } : null,
      };
    },
    async createInbox(name, webhookUrl) {
      const created = await client.createApiInbox({ name, webhookUrl });
      return { inboxId: String(created.id) };
    },
    async findContactByIdentifier(identifier) {
      const contacts = await client.searchContacts(identifier);
      const contact = contacts.find((c) => c.identifier === identifier);
      if (!contact) return null;
      return refOf(contact) ?? { contactId: String(contact.id), sourceId: '' };
    },
    async createContact(input) {
      const created = await client.createContact({
        inboxId: inbox(), name: input.name, identifier: input.identifier, sourceId: input.sourceId,
        ...(input.phoneNumber ? { phoneNumber: input.phoneNumber } : {}),
      });
      const contactId = String(created.contact.id);
      // Chatwoot picks a random source_id for the inbox link; ours must be the WhatsApp identity, so link explicitly when it differs.
      const linked = created.contact_inbox?.source_id === input.sourceId || created.contact.contact_inboxes?.some((ci) => ci.source_id === input.sourceId);
      if (linked) return { contactId, sourceId: input.sourceId };
      const link = await client.createContactInbox(created.contact.id, { inboxId: inbox(), sourceId: input.sourceId });
      return { contactId, sourceId: link.source_id };
    },
    async linkContactToInbox(contactId, sourceId) {
      const link = await client.createContactInbox(asId(contactId, 'contact'), { inboxId: inbox(), sourceId });
      return { contactId, sourceId: link.source_id };
    },
    async updateContactName(contactId, name) {
      await client.updateContact(asId(contactId, 'contact'), { name });
    },
    async createConversation({ contact, status }) {
      const created = await client.createConversation({ sourceId: contact.sourceId, inboxId: inbox(), contactId: asId(contact.contactId, 'contact'), status });
      return { conversationId: String(created.id) };
    },
    async getConversationStatus(conversationId) {
      try {
        return (await client.getConversation(asId(conversationId, 'conversation'))).status;
      } catch (error) {
        if (error instanceof CrmSyncError && error.kind === 'not_found') return null;
        throw error;
      }
    },
    async listMessageIds(conversationId) {
      return (await client.listMessages(asId(conversationId, 'conversation'))).map((m) => String(m.id));
    },
    async createMessage({ conversationId, direction, content, attachments }) {
      const created = await client.createMessage(asId(conversationId, 'conversation'), { content, messageType: direction, ...(attachments?.length ? { attachments } : {}) });
      return { messageId: String(created.id) };
    },
    async updateMessageStatus({ conversationId, messageId, status, error }) {
      await client.updateMessageStatus(asId(conversationId, 'conversation'), asId(messageId, 'message'), { status, ...(error ? { externalError: error } : {}) });
    },
    async setConversationStatus(conversationId, status) {
      await client.toggleStatus(asId(conversationId, 'conversation'), status);
    },
  };
}
