import { buildOutgoingMessageSchema, recipientPhoneSchema, recipientUserIdSchema, templateContentSchema } from '@switchboard/whatsapp';
import { z } from 'zod';
import { idempotencyKeySchema } from '../idempotency/idempotency-policy';

/** Delivery lanes of the send pipeline, most urgent first. */
export const messagePrioritySchema = z.enum(['critical', 'high', 'default', 'low']);

const METADATA_MAX_BYTES = 4096;

/** Free-form JSON object the client attaches to a message and gets back (≤ 4 KiB, ≤ 50 keys). */
export const messageMetadataSchema = z
  .record(z.string().min(1).max(64), z.unknown())
  .refine((value) => Object.keys(value).length <= 50, { error: 'must have at most 50 keys' })
  .refine((value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= METADATA_MAX_BYTES, {
    error: `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
  });

/**
 * Body of `POST /api/v1/messages`: the Cloud API's own type object (`type`
 * plus `text`, `template`, `image`…, checked against Meta's limits) with our
 * envelope around it.
 */
export const sendMessageInputSchema = buildOutgoingMessageSchema({
  channel_id: z.uuid({ error: 'must be a channel id (UUID)' }),
  /** Recipient phone number in international format (digits, optional leading +). */
  to: recipientPhoneSchema.optional(),
  /** Recipient business-scoped user id (BSUID), instead of `to`. */
  recipient: recipientUserIdSchema.optional(),
  priority: messagePrioritySchema.default('default'),
  metadata: messageMetadataSchema.optional(),
  /** Same as the Idempotency-Key header. */
  idempotency_key: idempotencyKeySchema.optional(),
  /** Template sent instead when the 24 h customer service window is closed. */
  fallback_template: templateContentSchema.optional(),
}).superRefine((input, ctx) => {
  if (input.to === undefined && input.recipient === undefined) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'either to (phone number) or recipient (BSUID) is required' });
  } else if (input.to !== undefined && input.recipient !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['recipient'], message: 'give either to or recipient, not both' });
  }
  if (input.type === 'template' && input.fallback_template !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['fallback_template'], message: 'only applies to messages that are not templates' });
  }
});
export type SendMessageInput = z.infer<typeof sendMessageInputSchema>;

/** 202 body of `POST /api/v1/messages` (also replayed for a repeated idempotency key). */
export const messageAcceptedSchema = z.object({
  id: z.uuid(),
  status: z.literal('queued'),
  channel_id: z.uuid(),
  conversation_id: z.uuid(),
  contact_id: z.uuid(),
  to: z.string().optional(),
  recipient: z.string().optional(),
  /** The type that will be sent: `template` when the fallback template replaced a free-form message. */
  type: z.string(),
  priority: messagePrioritySchema,
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** True when the window was closed and `fallback_template` is sent instead of the requested type. */
  fallback_template_used: z.boolean(),
  idempotency_key: z.string().optional(),
  trace_id: z.string(),
  created_at: z.iso.datetime(),
});
export type MessageAccepted = z.infer<typeof messageAcceptedSchema>;
