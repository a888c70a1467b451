import { z } from 'zod';

// Request bodies as Chatwoot's Application API names them (reference §4.2). Strict: a field Chatwoot
// does not know is a bug in our client, so the fake answers 422 and records a violation.

const status = z.enum(['open', 'resolved', 'pending']);

export const fakeRequestSchemas = {
  createInbox: z.strictObject({ name: z.string().min(1), channel: z.strictObject({ type: z.literal('api'), webhook_url: z.url().optional() }) }),
  createContact: z.strictObject({
    inbox_id: z.number().int(),
    name: z.string().optional(),
    phone_number: z.string().regex(/^\+\d{6,15}$/, 'must be E.164 with +').optional(),
    identifier: z.string().optional(),
    email: z.string().optional(),
    source_id: z.string().optional(),
    custom_attributes: z.record(z.string(), z.unknown()).optional(),
    additional_attributes: z.record(z.string(), z.unknown()).optional(),
  }),
  updateContact: z.strictObject({ name: z.string().optional(), phone_number: z.string().optional(), custom_attributes: z.record(z.string(), z.unknown()).optional() }),
  createContactInbox: z.strictObject({ inbox_id: z.number().int(), source_id: z.string().optional() }),
  createConversation: z.strictObject({
    source_id: z.string().min(1),
    inbox_id: z.number().int(),
    contact_id: z.number().int().optional(),
    status: status.optional(),
    assignee_id: z.number().int().optional(),
    team_id: z.number().int().optional(),
    custom_attributes: z.record(z.string(), z.unknown()).optional(),
    additional_attributes: z.record(z.string(), z.unknown()).optional(),
    message: z.strictObject({ content: z.string() }).optional(),
  }),
  createMessage: z.strictObject({
    content: z.string(),
    message_type: z.enum(['incoming', 'outgoing']).optional(),
    private: z.boolean().optional(),
    content_type: z.string().optional(),
    content_attributes: z.record(z.string(), z.unknown()).optional(),
    template_params: z.record(z.string(), z.unknown()).optional(),
  }),
  updateMessage: z.strictObject({ status: z.enum(['sent', 'delivered', 'read', 'failed']), external_error: z.string().optional() }),
  toggleStatus: z.strictObject({ status: z.enum(['open', 'resolved', 'pending', 'snoozed']), snoozed_until: z.number().optional() }),
  assignment: z.union([z.strictObject({ assignee_id: z.number().int().nullable() }), z.strictObject({ team_id: z.number().int() })]),
};
