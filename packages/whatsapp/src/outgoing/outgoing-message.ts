import { z } from 'zod';
import { contactsContentSchema } from './contacts-content';
import { interactiveContentSchema } from './interactive-content';
import {
  audioContentSchema,
  documentContentSchema,
  imageContentSchema,
  stickerContentSchema,
  videoContentSchema,
} from './media-content';
import { locationContentSchema } from './location-content';
import { reactionContentSchema } from './reaction-content';
import { templateContentSchema } from './template-content';
import { textContentSchema } from './text-content';

/** The message types this package can send, as Meta names them in `type`. */
export const outgoingMessageTypes = [
  'text',
  'template',
  'interactive',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'reaction',
  'contacts',
] as const;
export type OutgoingMessageType = (typeof outgoingMessageTypes)[number];

/**
 * Builds the `type`-discriminated union of every message type, each variant holding `extra` plus
 * `{ type, <type>: content }` — the REST API passes its own fields (channel_id, to, priority…).
 */
export function buildOutgoingMessageSchema<Extra extends z.ZodRawShape>(extra: Extra) {
  return z.discriminatedUnion('type', [
    z.strictObject({ ...extra, type: z.literal('text'), text: textContentSchema }),
    z.strictObject({ ...extra, type: z.literal('template'), template: templateContentSchema }),
    z.strictObject({ ...extra, type: z.literal('interactive'), interactive: interactiveContentSchema }),
    z.strictObject({ ...extra, type: z.literal('image'), image: imageContentSchema }),
    z.strictObject({ ...extra, type: z.literal('video'), video: videoContentSchema }),
    z.strictObject({ ...extra, type: z.literal('audio'), audio: audioContentSchema }),
    z.strictObject({ ...extra, type: z.literal('document'), document: documentContentSchema }),
    z.strictObject({ ...extra, type: z.literal('sticker'), sticker: stickerContentSchema }),
    z.strictObject({ ...extra, type: z.literal('location'), location: locationContentSchema }),
    z.strictObject({ ...extra, type: z.literal('reaction'), reaction: reactionContentSchema }),
    z.strictObject({ ...extra, type: z.literal('contacts'), contacts: contactsContentSchema }),
  ]);
}

/** `{ type, <type>: content }` without any envelope: what the REST API and flow blocks carry. */
export const outgoingContentSchema = buildOutgoingMessageSchema({});

/** Phone number as Meta takes it in `to`: digits with country code, an optional leading `+`. */
export const recipientPhoneSchema = z
  .string()
  .regex(/^\+?[0-9]{5,20}$/, { error: 'must be a phone number in international format (digits, optional leading +)' });

/** Business-scoped user id (BSUID, e.g. `US.13491208655302741918`) for the top-level `recipient` field. */
export const recipientUserIdSchema = z
  .string()
  .regex(/^[A-Z]{2}\.[A-Za-z0-9.]+$/, { error: 'must be a business-scoped user id such as US.1349…' });

/** Envelope fields around the content of a Cloud API send. */
export const outgoingEnvelopeShape = {
  messaging_product: z.literal('whatsapp').optional(),
  recipient_type: z.enum(['individual', 'group']).optional(),
  to: z.string().optional(),
  recipient: recipientUserIdSchema.optional(),
  context: z.strictObject({ message_id: z.string().min(1, { error: 'must not be empty' }) }).optional(),
  biz_opaque_callback_data: z.string().max(512, { error: 'must be at most 512 characters' }).optional(),
};

/** A complete Cloud API send body (`messaging_product` optional; the client adds it), checked against Meta's limits. */
export const outgoingMessageSchema = buildOutgoingMessageSchema(outgoingEnvelopeShape).superRefine((message, ctx) => {
  if (message.to === undefined && message.recipient === undefined) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'either to (phone number) or recipient (BSUID) is required' });
    return;
  }
  if (message.to !== undefined && message.recipient !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['recipient'], message: 'give either to or recipient, not both' });
  }
  // Group sends address a group id, which is not a phone number.
  if (message.to !== undefined && message.recipient_type !== 'group') {
    const phone = recipientPhoneSchema.safeParse(message.to);
    if (!phone.success) ctx.addIssue({ code: 'custom', path: ['to'], message: phone.error.issues[0]?.message ?? 'invalid' });
  }
});

export type OutgoingContent = z.infer<typeof outgoingContentSchema>;
export type OutgoingMessage = z.infer<typeof outgoingMessageSchema>;
export type OutgoingMessageInput = z.input<typeof outgoingMessageSchema>;
