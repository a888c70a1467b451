import { z } from 'zod';

/** `:id` of /api/v1/conversations/:id. */
export const conversationIdParamsSchema = z.object({ id: z.uuid({ error: 'id must be a conversation id (UUID)' }) });

/** Body of POST /api/v1/conversations/:id/handoff and /resume. */
export const conversationOwnerChangeSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional() })
  .describe('Why the owner changes; sent to webhook endpoints as `data.reason` and kept in the audit log.');
export type ConversationOwnerChange = z.infer<typeof conversationOwnerChangeSchema>;

/** A conversation as the API shows it. */
export const conversationViewSchema = z.object({
  id: z.uuid(),
  channel_id: z.uuid(),
  contact: z.object({ id: z.uuid(), wa_id: z.string().nullable(), name: z.string().nullable() }),
  owner: z.enum(['bot', 'human']).describe('Who answers: the bot, or a person (the bot sends nothing).'),
  status: z.string(),
  window_expires_at: z.iso.datetime().nullable().describe('End of the 24 h customer service window; free-form messages need it open.'),
  last_message_at: z.iso.datetime().nullable(),
  handoff_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** The result of a handoff or resume: the conversation and whether this call changed it. */
export const conversationOwnerResultSchema = z.object({
  conversation: conversationViewSchema,
  changed: z.boolean().describe('false when the conversation already had this owner (no event is sent).'),
});
export type ConversationOwnerResult = z.infer<typeof conversationOwnerResultSchema>;
