import { z } from 'zod';

/** Every event type a customer endpoint can subscribe to, in documentation order. */
export const WEBHOOK_EVENT_TYPES = [
  'message.queued',
  'message.sent',
  'message.delivered',
  'message.read',
  'message.failed',
  'message.received',
  'conversation.handoff',
  'conversation.resumed',
] as const;

/** One of `WEBHOOK_EVENT_TYPES`. */
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

const isoTime = z.iso.datetime({ offset: true });
const id = z.string().min(1);

/** Why an outbound message failed: Meta's error code and title, or our own code for failures before Meta. */
export const messageErrorSchema = z.object({
  code: z.union([z.number().int(), z.string()]).nullable(),
  title: z.string().nullable(),
});

/** `data` of `message.queued|sent|delivered|read|failed`: where an outbound message is now. */
export const messageStatusDataSchema = z.object({
  message_id: id,
  /** The status this event reports; `message.failed` carries `failed` or `expired` (not sent within 7 days). */
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'failed', 'expired']),
  /** When the message reached this status (Meta's time for delivered/read). */
  at: isoTime,
  channel_id: id,
  conversation_id: id.nullable(),
  contact_id: id.nullable(),
  /** The recipient's WhatsApp id (phone digits), when known. */
  wa_id: z.string().nullable(),
  wamid: z.string().nullable(),
  /** The `metadata` given when the message was sent. */
  metadata: z.record(z.string(), z.unknown()).nullable(),
  error: messageErrorSchema.nullable(),
  /**
   * True when Meta reported a later status first (e.g. `read` before `delivered`): the earlier status is
   * implied by the later one and reported here so every message's events arrive complete and in order.
   */
  implied: z.boolean(),
});

/** `data` of `message.received`: a message a contact sent to one of the workspace's numbers. */
export const messageReceivedDataSchema = z.object({
  message_id: id,
  at: isoTime,
  channel_id: id,
  conversation_id: id.nullable(),
  contact: z.object({
    id: id.nullable(),
    wa_id: z.string().nullable(),
    user_id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  wamid: z.string().nullable(),
  /** Meta's message type (`text`, `interactive`, `image`, …). */
  type: z.string(),
  /** Meta's type object under its type, e.g. `{ "text": { "body": "hi" } }`. */
  content: z.record(z.string(), z.unknown()),
});

/** `data` of `conversation.handoff` and `conversation.resumed`. */
export const conversationDataSchema = z.object({
  conversation_id: id,
  channel_id: id,
  contact_id: id,
  /** Who owns the conversation now: `human` after a handoff, `bot` after it is resumed. */
  owner: z.enum(['bot', 'human']),
  reason: z.string().nullable(),
  at: isoTime,
});

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ id, type: z.literal(type), created_at: isoTime, data });

/** The JSON body of every delivery: `{ id, type, created_at, data }`; `id` equals the `webhook-id` header. */
export const webhookEventBodySchema = z.discriminatedUnion('type', [
  envelope('message.queued', messageStatusDataSchema),
  envelope('message.sent', messageStatusDataSchema),
  envelope('message.delivered', messageStatusDataSchema),
  envelope('message.read', messageStatusDataSchema),
  envelope('message.failed', messageStatusDataSchema),
  envelope('message.received', messageReceivedDataSchema),
  envelope('conversation.handoff', conversationDataSchema),
  envelope('conversation.resumed', conversationDataSchema),
]);
export type WebhookEventBody = z.infer<typeof webhookEventBodySchema>;
export type MessageStatusData = z.infer<typeof messageStatusDataSchema>;
export type MessageReceivedData = z.infer<typeof messageReceivedDataSchema>;
export type ConversationData = z.infer<typeof conversationDataSchema>;

/** True when an endpoint whose filter is `eventTypes` receives `type`; an empty filter means every type. */
export function endpointWants(eventTypes: readonly string[], type: WebhookEventType): boolean {
  return eventTypes.length === 0 || eventTypes.includes(type);
}
