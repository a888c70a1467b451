import type { Message, MessageEvent, SecretBox } from '@switchboard/db';
import { describeGraphErrorCode } from '@switchboard/whatsapp';
import { z } from 'zod';
import { messagePrioritySchema } from './send-message-input';

const messageStatusSchema = z.enum(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'received']);

/** Why a message failed: Meta's error code with its title and meaning. */
export const messageErrorViewSchema = z.object({
  code: z.number().int().nullable(),
  title: z.string(),
  meaning: z.string().optional(),
  message: z.string().optional(),
});

/** One entry of a message's status timeline. */
export const messageEventViewSchema = z.object({
  status: messageStatusSchema,
  at: z.iso.datetime(),
  source: z.enum(['api', 'worker', 'meta']),
  attempt: z.number().int().optional(),
  error: messageErrorViewSchema.optional(),
  /** Set on the `queued` event when a fallback template replaced the requested type. */
  fallback_template: z.object({ requested_type: z.string(), reason: z.string() }).optional(),
});

/** A message as `GET /api/v1/messages[/{id}]` returns it. */
export const messageViewSchema = z.object({
  id: z.uuid(),
  direction: z.enum(['inbound', 'outbound']),
  channel_id: z.uuid(),
  conversation_id: z.uuid().nullable(),
  contact_id: z.uuid().nullable(),
  type: z.string(),
  /** The Cloud API type object keyed by type, e.g. `{ "text": { "body": "hi" } }`. */
  content: z.record(z.string(), z.unknown()).nullable(),
  status: messageStatusSchema,
  wamid: z.string().nullable(),
  priority: messagePrioritySchema,
  source: z.enum(['api', 'bot', 'agent', 'crm', 'whatsapp']),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  attempts: z.number().int(),
  error: messageErrorViewSchema.optional(),
  trace_id: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  sent_at: z.iso.datetime().nullable(),
  delivered_at: z.iso.datetime().nullable(),
  read_at: z.iso.datetime().nullable(),
  failed_at: z.iso.datetime().nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** `GET /api/v1/messages/{id}`: the message with its ordered event timeline. */
export const messageWithEventsViewSchema = messageViewSchema.extend({ events: z.array(messageEventViewSchema) });
export type MessageWithEventsView = z.infer<typeof messageWithEventsViewSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Meta's code with its catalogue title/meaning, falling back to what the stored error says. */
function toErrorView(code: number | null, stored: unknown): z.infer<typeof messageErrorViewSchema> | undefined {
  if (code === null && stored == null) return undefined;
  const described = code === null ? undefined : describeGraphErrorCode(code);
  const record = isRecord(stored) ? stored : {};
  const storedTitle = typeof record['title'] === 'string' ? record['title'] : undefined;
  const storedMessage = typeof record['message'] === 'string' ? record['message'] : undefined;
  return {
    code,
    title: described?.title ?? storedTitle ?? storedMessage ?? (code === null ? 'Send failed' : `Error ${code}`),
    ...(described?.meaning ? { meaning: described.meaning } : {}),
    ...(storedMessage ? { message: storedMessage } : {}),
  };
}

function decryptContent(secretBox: SecretBox, message: Message): Record<string, unknown> | null {
  try {
    const value = secretBox.decryptJson(message.contentEnc);
    return isRecord(value) ? value : null;
  } catch {
    // A row written under a key that is no longer in the keyring: show the rest of the message.
    return null;
  }
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The public view of a message row (content decrypted). */
export function toMessageView(message: Message, secretBox: SecretBox): MessageView {
  const error = message.status === 'failed' || message.status === 'expired' || message.errorCode !== null
    ? toErrorView(message.errorCode, message.lastError)
    : undefined;
  return {
    id: message.id,
    direction: message.direction,
    channel_id: message.channelId,
    conversation_id: message.conversationId,
    contact_id: message.contactId,
    type: message.type,
    content: decryptContent(secretBox, message),
    status: message.status,
    wamid: message.wamid,
    priority: message.priority,
    source: message.source,
    metadata: isRecord(message.metadata) ? message.metadata : null,
    attempts: message.attempts,
    ...(error ? { error } : {}),
    trace_id: message.traceId,
    created_at: message.createdAt.toISOString(),
    updated_at: message.updatedAt.toISOString(),
    sent_at: iso(message.sentAt),
    delivered_at: iso(message.deliveredAt),
    read_at: iso(message.readAt),
    failed_at: iso(message.failedAt),
  };
}

/** The public view of one status event. */
export function toMessageEventView(event: MessageEvent): z.infer<typeof messageEventViewSchema> {
  const error = toErrorView(event.errorCode, event.error);
  const payload = isRecord(event.metaPayload) ? event.metaPayload : {};
  const fallback = isRecord(payload['fallback_template']) ? payload['fallback_template'] : undefined;
  return {
    status: event.status,
    at: event.at.toISOString(),
    source: event.source,
    ...(event.attempt === null ? {} : { attempt: event.attempt }),
    ...(error ? { error } : {}),
    ...(fallback
      ? { fallback_template: { requested_type: String(fallback['requested_type']), reason: String(fallback['reason']) } }
      : {}),
  };
}
