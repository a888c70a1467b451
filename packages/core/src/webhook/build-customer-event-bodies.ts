import type { SecretBox } from '@switchboard/db';
import { webhookEventBodySchema, type WebhookEventBody, type WebhookEventType } from '@switchboard/webhooks';
import { customerEventsForMove, type ParsedCustomerEventOutbox } from './customer-event-outbox';

/** The message columns an event body is built from. */
export interface MessageForEvent {
  id: string;
  channelId: string;
  conversationId: string | null;
  contactId: string | null;
  type: string;
  contentEnc: string;
  wamid: string | null;
  metadata: unknown;
  errorCode: number | null;
  lastError: unknown;
  contact: { waId: string | null; userId: string | null; name: string | null } | null;
}

/** The conversation columns an event body is built from. */
export interface ConversationForEvent {
  id: string;
  channelId: string;
  contactId: string;
  owner: 'bot' | 'human';
}

/** One customer event ready to store: its body (whose `id` is the event id) and how it is ordered. */
export interface BuiltCustomerEvent {
  workspaceId: string;
  type: WebhookEventType;
  messageId: string | null;
  /** Events with the same key reach each endpoint in creation order. */
  orderingKey: string;
  body: WebhookEventBody;
}

function errorOf(message: MessageForEvent): { code: number | string | null; title: string | null } {
  const last = (message.lastError ?? {}) as { code?: unknown; title?: unknown; message?: unknown };
  const code = typeof last.code === 'number' || typeof last.code === 'string' ? last.code : message.errorCode;
  const title = typeof last.title === 'string' ? last.title : typeof last.message === 'string' ? last.message : null;
  return { code: code ?? null, title };
}

function metadataOf(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Turns one outbox record into the customer events it stands for (a message move may stand for
 * several: see `customerEventsForMove`). Returns [] when the message or conversation is gone.
 * Every body is checked against the published schema, so what we send is what docs/webhooks.md says.
 */
export function buildCustomerEventBodies(
  record: ParsedCustomerEventOutbox,
  context: {
    createdAt: Date;
    newId: () => string;
    messages: Map<string, MessageForEvent>;
    conversations: Map<string, ConversationForEvent>;
    secretBox: SecretBox;
  },
): BuiltCustomerEvent[] {
  const createdAt = context.createdAt.toISOString();
  const envelope = (type: WebhookEventType, data: unknown) =>
    webhookEventBodySchema.parse({ id: context.newId(), type, created_at: createdAt, data });
  switch (record.type) {
    case 'message.status': {
      const message = context.messages.get(record.messageId);
      if (!message) return [];
      return customerEventsForMove(record.from, record.to).map((move) => ({
        workspaceId: record.workspaceId,
        type: move.type,
        messageId: message.id,
        orderingKey: `message:${message.id}`,
        body: envelope(move.type, {
          message_id: message.id,
          status: move.status,
          at: new Date(record.at).toISOString(),
          channel_id: message.channelId,
          conversation_id: message.conversationId,
          contact_id: message.contactId,
          wa_id: message.contact?.waId ?? null,
          wamid: message.wamid,
          metadata: metadataOf(message.metadata),
          error: move.type === 'message.failed' ? errorOf(message) : null,
          implied: move.implied,
        }),
      }));
    }
    case 'message.received': {
      const message = context.messages.get(record.messageId);
      if (!message) return [];
      const content = context.secretBox.decryptJson(message.contentEnc) as Record<string, unknown>;
      return [{
        workspaceId: record.workspaceId,
        type: 'message.received',
        messageId: message.id,
        orderingKey: `message:${message.id}`,
        body: envelope('message.received', {
          message_id: message.id,
          at: new Date(record.at).toISOString(),
          channel_id: message.channelId,
          conversation_id: message.conversationId,
          contact: {
            id: message.contactId,
            wa_id: message.contact?.waId ?? null,
            user_id: message.contact?.userId ?? null,
            name: message.contact?.name ?? null,
          },
          wamid: message.wamid,
          type: message.type,
          content,
        }),
      }];
    }
    case 'conversation.handoff':
    case 'conversation.resumed': {
      const conversation = context.conversations.get(record.conversationId);
      if (!conversation) return [];
      return [{
        workspaceId: record.workspaceId,
        type: record.type,
        messageId: null,
        orderingKey: `conversation:${conversation.id}`,
        body: envelope(record.type, {
          conversation_id: conversation.id,
          channel_id: conversation.channelId,
          contact_id: conversation.contactId,
          owner: record.type === 'conversation.handoff' ? 'human' : 'bot',
          reason: record.reason,
          at: new Date(record.at).toISOString(),
        }),
      }];
    }
  }
}
