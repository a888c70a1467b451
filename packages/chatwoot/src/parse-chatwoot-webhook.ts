import type { CrmInboundEvent } from '@switchboard/crm';
import { z } from 'zod';

const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
// Newer Chatwoot sends the conversation's `updated_at` as float Unix seconds, some versions as an integer or an ISO string.
const seconds = z.union([
  z.number().positive(),
  z.string().transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'not a date' });
      return z.NEVER;
    }
    return ms / 1000;
  }),
]);
const change = z.object({ previous_value: z.unknown().optional(), current_value: z.unknown().optional() });

// Webhook bodies are the object's webhook_data plus `event` (reference §4.4). Only what we act on is read.
const messageCreatedSchema = z.object({
  event: z.literal('message_created'),
  id,
  content: z.string().nullable().optional(),
  message_type: z.union([z.string(), z.number()]),
  private: z.boolean().optional().default(false),
  sender: z.object({ id: id.optional(), name: z.string().nullable().optional(), type: z.string().optional() }).loose().nullable().optional(),
  inbox: z.object({ id }).loose().optional(),
  conversation: z.object({ id, inbox_id: id.optional() }).loose(),
  created_at: seconds.optional().catch(undefined),
  // Attachment push data (`file_type` image/audio/video/file/location/…, `data_url` a public link); ones without a link are not relayable.
  attachments: z.array(z.object({ file_type: z.string().optional(), data_url: z.string().nullable().optional(), file_name: z.string().nullable().optional() }).loose()).nullable().optional(),
});

const conversationChangeSchema = z.object({
  event: z.enum(['conversation_status_changed', 'conversation_updated']),
  id,
  inbox_id: id.optional(),
  status: z.string().optional(),
  updated_at: seconds.optional().catch(undefined),
  changed_attributes: z.array(z.record(z.string(), change)).nullable().optional(),
});

const anyEventSchema = z.object({ event: z.string() }).loose();

/** Integer message types of REST payloads, string ones of webhooks. */
const MESSAGE_TYPES: Record<string, string> = { '0': 'incoming', '1': 'outgoing', '2': 'activity', '3': 'template' };

/**
 * What a Chatwoot webhook means for the mirror of inbox `inboxId`: an agent's public reply, status and
 * assignee changes, or the reason it is ignored (another inbox, an agent bot's or automation's message,
 * a private note, an activity, the contact's own incoming message). Our own echoes are recognised later,
 * by the message ids we stored.
 */
export function parseChatwootWebhook(body: unknown, options: { inboxId: string }): CrmInboundEvent[] {
  const envelope = anyEventSchema.safeParse(body);
  if (!envelope.success) return [{ kind: 'ignored', reason: 'not a Chatwoot webhook (no event)' }];
  const event = envelope.data.event;
  if (event === 'message_created') {
    const parsed = messageCreatedSchema.safeParse(body);
    if (!parsed.success) return [{ kind: 'ignored', reason: `unreadable message_created: ${parsed.error.issues[0]?.path.join('.') ?? ''}` }];
    const m = parsed.data;
    const inboxId = m.inbox?.id ?? m.conversation.inbox_id;
    const messageId = m.id;
    if (inboxId !== undefined && inboxId !== options.inboxId) return [{ kind: 'ignored', reason: 'another inbox', messageId }];
    const type = MESSAGE_TYPES[String(m.message_type)] ?? String(m.message_type);
    if (type !== 'outgoing') return [{ kind: 'ignored', reason: `${type} message`, messageId }];
    if (m.private) return [{ kind: 'ignored', reason: 'private note', messageId }];
    if (!m.sender) return [{ kind: 'ignored', reason: 'system or automation message', messageId }];
    if (m.sender.type !== 'user') return [{ kind: 'ignored', reason: `sent by ${m.sender.type ?? 'unknown sender'}`, messageId }];
    const content = m.content?.trim() ?? '';
    const attachments = (m.attachments ?? []).flatMap((a) =>
      a.data_url && /^https?:\/\//.test(a.data_url) ? [{ fileType: a.file_type ?? 'file', url: a.data_url, name: a.file_name ?? null }] : []);
    if (content === '' && attachments.length === 0) return [{ kind: 'ignored', reason: 'empty message', messageId }];
    return [{ kind: 'agent_message', conversationId: m.conversation.id, messageId, content, agentName: m.sender.name ?? null, attachments, at: m.created_at ?? null }];
  }
  if (event === 'conversation_status_changed' || event === 'conversation_updated') {
    const parsed = conversationChangeSchema.safeParse(body);
    if (!parsed.success) return [{ kind: 'ignored', reason: `unreadable ${event}: ${parsed.error.issues[0]?.path.join('.') ?? ''}` }];
    const c = parsed.data;
    if (c.inbox_id !== undefined && c.inbox_id !== options.inboxId) return [{ kind: 'ignored', reason: 'another inbox' }];
    const events: CrmInboundEvent[] = [];
    for (const changes of c.changed_attributes ?? []) {
      const status = changes.status;
      if (status && typeof status.current_value === 'string') {
        events.push({
          kind: 'status_changed', conversationId: c.id, to: status.current_value,
          from: typeof status.previous_value === 'string' ? status.previous_value : null, at: c.updated_at ?? null,
        });
      }
      const assignee = changes.assignee_id;
      if (assignee && 'current_value' in assignee) {
        const value = assignee.current_value;
        events.push({ kind: 'assignee_changed', conversationId: c.id, assigneeId: value === null || value === undefined ? null : String(value), at: c.updated_at ?? null });
      }
    }
    // Older Chatwoot sends conversation_status_changed without changed_attributes: the status is the news.
    if (events.length === 0 && event === 'conversation_status_changed' && c.status) events.push({ kind: 'status_changed', conversationId: c.id, from: null, to: c.status, at: c.updated_at ?? null });
    return events.length ? events : [{ kind: 'ignored', reason: `${event} without status or assignee change` }];
  }
  return [{ kind: 'ignored', reason: `event ${event} is not used` }];
}
