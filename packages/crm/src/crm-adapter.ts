/** Who a mirrored contact is: a stable identifier and inbox source id derived from the WhatsApp identity. */
export interface CrmContactInput {
  /** Stable across retries and processes, e.g. `whatsapp:16505551234`; used to find a contact created before a crash. */
  identifier: string;
  /** The contact-inbox source id (the wa_id or BSUID). */
  sourceId: string;
  name: string;
  /** E.164 with a leading `+`, when the contact has a phone number. */
  phoneNumber?: string;
}

/** A contact as the CRM knows it, with the source id of its link to our inbox. */
export interface CrmContactRef {
  contactId: string;
  sourceId: string;
}

/** A file to upload with a CRM message (a WhatsApp media message's bytes). */
export interface CrmAttachment {
  bytes: Uint8Array;
  contentType: string;
  filename: string;
}

/** Conversation states the CRM can be told about. */
export type CrmConversationStatus = 'open' | 'pending' | 'resolved';

/** Delivery states mirrored from WhatsApp onto a CRM message. */
export type CrmMessageStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** What one connection test found. */
export interface CrmConnectionInfo {
  accountId: string;
  inbox: { id: string; name: string; isApiChannel: boolean } | null;
}

/**
 * The operations a CRM mirror needs, in the CRM's own ids (strings, so any CRM fits). Each call is
 * one request against the CRM; retries, locking and id mapping are the caller's (packages/core/src/crm).
 * Failures are `CrmSyncError`s that say whether a retry can help.
 */
export interface CrmAdapter {
  readonly kind: string;
  testConnection(): Promise<CrmConnectionInfo>;
  /** Creates an inbox messages can be mirrored into; returns its id. */
  createInbox(name: string, webhookUrl: string | null): Promise<{ inboxId: string }>;
  /** A contact created earlier with this identifier (after a crash between create and record), if any. */
  findContactByIdentifier(identifier: string): Promise<CrmContactRef | null>;
  /** Creates the contact and its link to the inbox in one call. */
  createContact(input: CrmContactInput): Promise<CrmContactRef>;
  /** Links an existing contact to the inbox with our source id. */
  linkContactToInbox(contactId: string, sourceId: string): Promise<CrmContactRef>;
  updateContactName(contactId: string, name: string): Promise<void>;
  createConversation(input: { contact: CrmContactRef; status: CrmConversationStatus }): Promise<{ conversationId: string }>;
  /** The conversation's current status, or null when it no longer exists. */
  getConversationStatus(conversationId: string): Promise<CrmConversationStatus | 'snoozed' | null>;
  /** Lists the ids of the conversation's messages (for drift repair). */
  listMessageIds(conversationId: string): Promise<string[]>;
  /** Creates a message; attachments are uploaded with it (a rejected upload is a `rejected` CrmSyncError). */
  createMessage(input: { conversationId: string; direction: 'incoming' | 'outgoing'; content: string; attachments?: CrmAttachment[] }): Promise<{ messageId: string }>;
  updateMessageStatus(input: { conversationId: string; messageId: string; status: CrmMessageStatus; error?: string }): Promise<void>;
  setConversationStatus(conversationId: string, status: CrmConversationStatus): Promise<void>;
}
