import { z } from 'zod';

// Response shapes of Chatwoot's Application API (reference §4.2), reduced to the fields we read.
// Unknown fields are dropped, so a newer Chatwoot that adds fields still parses.

const id = z.number().int();

/** An inbox as `GET /inboxes` and `POST /inboxes` return it. */
export const chatwootInboxSchema = z.object({ id, name: z.string(), channel_type: z.string().optional() });
export type ChatwootInbox = z.infer<typeof chatwootInboxSchema>;

/** A contact's link to an inbox; `source_id` is the id the inbox knows the contact by. */
export const chatwootContactInboxSchema = z.object({
  source_id: z.string(),
  inbox: z.object({ id }).loose().optional(),
});
export type ChatwootContactInbox = z.infer<typeof chatwootContactInboxSchema>;

export const chatwootContactSchema = z.object({
  id,
  name: z.string().nullable().optional(),
  identifier: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  contact_inboxes: z.array(chatwootContactInboxSchema).optional(),
});
export type ChatwootContact = z.infer<typeof chatwootContactSchema>;

/** `POST /contacts`: the contact and, because `inbox_id` was given, its new contact inbox. */
export const createContactResponseSchema = z.object({
  payload: z.object({ contact: chatwootContactSchema, contact_inbox: chatwootContactInboxSchema.nullable().optional() }),
});

/** `GET /contacts/search`. */
export const searchContactsResponseSchema = z.object({ payload: z.array(chatwootContactSchema) });

export const conversationStatusSchema = z.enum(['open', 'resolved', 'pending', 'snoozed']);

/** A conversation; `id` is the per-account display id used in paths. */
export const chatwootConversationSchema = z.object({ id, inbox_id: id.optional(), status: conversationStatusSchema });
export type ChatwootConversation = z.infer<typeof chatwootConversationSchema>;

/** A message from the REST API: `message_type` is an integer there (0 incoming, 1 outgoing, 2 activity, 3 template). */
export const chatwootMessageSchema = z.object({
  id,
  content: z.string().nullable().optional(),
  message_type: z.number().int(),
  private: z.boolean().optional(),
  status: z.string().optional(),
});
export type ChatwootMessage = z.infer<typeof chatwootMessageSchema>;

/** `GET /conversations/{id}/messages`. */
export const listMessagesResponseSchema = z.object({ payload: z.array(chatwootMessageSchema) });

/** `POST /conversations/{id}/toggle_status`. */
export const toggleStatusResponseSchema = z.object({
  payload: z.object({ success: z.boolean(), current_status: conversationStatusSchema, conversation_id: id }),
});

/** `GET /inboxes`. */
export const listInboxesResponseSchema = z.object({ payload: z.array(chatwootInboxSchema) });
