import { parseChatwootWebhook, verifyChatwootSignature } from '@switchboard/chatwoot';
import type { CrmAdapter, CrmInboundEvent } from '@switchboard/crm';
import type { Prisma } from '@switchboard/db';
import { AppError, isAppError } from '../app-error';
import { sendMessage, type SendMessageDeps } from '../message/send-message';
import { sendMessageInputSchema } from '../message/send-message-input';
import { parseOrThrow } from '../zod-issues';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { nowOf } from './crm-deps';
import { waitForCrmObject } from './crm-locks';
import { advanceCrmChangeClock } from './advance-crm-change-clock';
import { adapterOf, decodeCrmIntegration } from './load-crm-integration';
import { setOwnerFromCrm, type CrmOwnerReason } from './set-owner-from-crm';

export type ChatwootWebhookDeps = CrmDeps & Pick<SendMessageDeps, 'sql' | 'dispatcher' | 'onDispatchError'>;

export interface ChatwootWebhookRequest {
  integrationId: string;
  rawBody: Buffer;
  body: unknown;
  signature: string | undefined;
  timestamp: string | undefined;
  deliveryId: string | undefined;
  traceId: string;
}

/** What a webhook did: one outcome per event it carried, or `duplicate` for a delivery seen before. */
export interface ChatwootWebhookResult {
  duplicate: boolean;
  outcomes: string[];
}

/**
 * Applies one Chatwoot webhook: checks the signature when the integration has a secret, drops a
 * delivery id seen before, then for each event: an agent's public reply takes the conversation over
 * and is sent to WhatsApp through the outbound pipeline (source `crm`, idempotent per Chatwoot message);
 * `pending → open` or an assignment takes it over; `resolved` or `pending` gives it back to the bot.
 * Our own echoes are recognised by the message links the mirror records under the conversation's lock.
 */
export async function handleChatwootWebhook(deps: ChatwootWebhookDeps, request: ChatwootWebhookRequest): Promise<ChatwootWebhookResult> {
  const row = /^[0-9a-f-]{36}$/i.test(request.integrationId)
    ? await deps.prisma.integration.findUnique({ where: { id: request.integrationId } })
    : null;
  if (!row || row.kind !== 'chatwoot' || !row.enabled) throw new AppError('not_found', 'No enabled Chatwoot integration has this id');
  const integration = decodeCrmIntegration(deps, row);
  const now = nowOf(deps);
  if (integration.secrets.webhookSecret !== null) {
    const check = verifyChatwootSignature({
      secret: integration.secrets.webhookSecret, rawBody: request.rawBody, signature: request.signature, timestamp: request.timestamp, nowSeconds: Math.floor(now.getTime() / 1000),
    });
    if (!check.ok) throw new AppError('unauthorized', `Chatwoot webhook signature check failed: ${check.reason}`, { details: { reason: check.reason } });
  }
  const event = typeof (request.body as { event?: unknown })?.event === 'string' ? String((request.body as { event: string }).event).slice(0, 64) : 'unknown';
  const deliveryId = request.deliveryId?.slice(0, 128);
  if (deliveryId) {
    const inserted = await deps.prisma.crmWebhookReceipt.createMany({
      data: [{ workspaceId: integration.workspaceId, integrationId: integration.id, deliveryId, event, outcome: 'processing' }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { duplicate: true, outcomes: [] };
  }
  try {
    const adapter = adapterOf(deps, integration);
    const outcomes: string[] = [];
    for (const item of parseChatwootWebhook(request.body, { inboxId: String(integration.config.inboxId ?? '') })) {
      outcomes.push(await apply(deps, integration, adapter, item, request.traceId));
    }
    if (deliveryId) await deps.prisma.crmWebhookReceipt.updateMany({ where: { integrationId: integration.id, deliveryId }, data: { outcome: outcomes.join(',').slice(0, 200) } });
    return { duplicate: false, outcomes };
  } catch (error) {
    // Not applied: forget the delivery so a redelivery is processed.
    if (deliveryId) await deps.prisma.crmWebhookReceipt.deleteMany({ where: { integrationId: integration.id, deliveryId } }).catch(() => undefined);
    throw error;
  }
}

async function apply(deps: ChatwootWebhookDeps, integration: CrmIntegration, adapter: CrmAdapter, event: CrmInboundEvent, traceId: string): Promise<string> {
  if (event.kind === 'ignored') return `ignored:${event.reason}`;
  const link = await deps.prisma.crmLink.findUnique({
    where: { integrationId_entity_externalId: { integrationId: integration.id, entity: 'conversation', externalId: event.conversationId } },
  });
  if (!link) return 'ignored:unknown conversation';
  const conversationId = link.localId;
  // Each owner change checks the CRM's time of the change against the newest one applied, in the same transaction.
  const change = <T>(at: number | null, apply: (tx: Prisma.TransactionClient) => Promise<T>) =>
    deps.prisma.$transaction(async (tx): Promise<T | 'stale'> => (at !== null && !(await advanceCrmChangeClock(tx, link.id, at)) ? 'stale' : apply(tx)));
  const setOwner = (at: number | null, to: 'human' | 'bot', reason: CrmOwnerReason) =>
    change(at, (tx) => setOwnerFromCrm(tx, { workspaceId: integration.workspaceId, conversationId, integrationId: integration.id, to, reason, traceId, now: nowOf(deps) }));
  const outcome = (result: boolean | 'stale', changed: string) => (result === 'stale' ? 'ignored:older than the last applied change' : result ? changed : 'unchanged');

  switch (event.kind) {
    case 'agent_message': {
      // The mirror holds this lock from creating a message in Chatwoot until its link is stored.
      await waitForCrmObject(deps.prisma, integration.id, 'conversation', conversationId);
      const echo = await deps.prisma.crmLink.findUnique({
        where: { integrationId_entity_externalId: { integrationId: integration.id, entity: 'message', externalId: event.messageId } },
      });
      if (echo) return 'ignored:echo';
      // The reply is sent whatever its time; only the takeover yields to a newer resolve.
      await setOwner(event.at, 'human', 'crm:agent_reply');
      return relayAgentMessage(deps, integration, adapter, {
        conversationId, crmConversationId: event.conversationId, crmMessageId: event.messageId, content: event.content, attachments: event.attachments, traceId,
      });
    }
    case 'status_changed': {
      if (event.to === 'open') {
        if (event.from === 'resolved') {
          // Chatwoot reopens a resolved conversation when the contact writes again; that is not a human taking over.
          const owner = await change(event.at, async (tx) => (await tx.conversation.findUnique({ where: { id: conversationId }, select: { owner: true } }))?.owner);
          if (owner === 'stale') return outcome('stale', '');
          if (owner === 'bot') {
            await adapter.setConversationStatus(event.conversationId, 'pending');
            return 'reopened_for_bot';
          }
          return 'unchanged';
        }
        return outcome(await setOwner(event.at, 'human', 'crm:opened'), 'taken_over');
      }
      if (event.to === 'resolved') return outcome(await setOwner(event.at, 'bot', 'crm:resolved'), 'resumed');
      if (event.to === 'pending') return outcome(await setOwner(event.at, 'bot', 'crm:pending'), 'resumed');
      return `ignored:status ${event.to}`;
    }
    case 'assignee_changed':
      if (event.assigneeId === null) return 'ignored:unassigned';
      return outcome(await setOwner(event.at, 'human', 'crm:assigned'), 'taken_over');
  }
}

type AgentAttachment = Extract<CrmInboundEvent, { kind: 'agent_message' }>['attachments'][number];

// Chatwoot's attachment file types and the WhatsApp media message each becomes (others, e.g. location, are not relayed).
const WHATSAPP_MEDIA_OF: Record<string, 'image' | 'video' | 'audio' | 'document'> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };

/**
 * The WhatsApp messages for one agent message: its text, or one media message per attachment (link =
 * the attachment's URL) with the text as the first caption; audio takes no caption, so the text then
 * goes first as its own message.
 */
function agentMessageParts(content: string, attachments: AgentAttachment[]): Record<string, unknown>[] {
  const media = attachments.filter((a) => WHATSAPP_MEDIA_OF[a.fileType]);
  if (media.length === 0) return content ? [{ type: 'text', text: { body: content } }] : [];
  const parts: Record<string, unknown>[] = [];
  let caption = content;
  if (caption && WHATSAPP_MEDIA_OF[media[0]!.fileType] === 'audio') {
    parts.push({ type: 'text', text: { body: caption } });
    caption = '';
  }
  for (const attachment of media) {
    const type = WHATSAPP_MEDIA_OF[attachment.fileType]!;
    const object: Record<string, unknown> = { link: attachment.url };
    if (caption && type !== 'audio') {
      object['caption'] = caption.slice(0, 1024);
      caption = '';
    }
    if (type === 'document') object['filename'] = (attachment.name ?? decodeURIComponent(new URL(attachment.url).pathname.split('/').pop() ?? '')).slice(0, 240) || 'file';
    parts.push({ type, [type]: object });
  }
  return parts;
}

/**
 * Sends an agent's reply to the contact (text, or one WhatsApp media message per attachment); a reply
 * WhatsApp would refuse is marked failed in Chatwoot with why. Each part has its own idempotency key,
 * so a redelivered webhook sends nothing twice; the first part is linked to the Chatwoot message (its
 * statuses are mirrored back), later parts as `{id}#{n}`.
 */
async function relayAgentMessage(
  deps: ChatwootWebhookDeps, integration: CrmIntegration, adapter: CrmAdapter,
  input: { conversationId: string; crmConversationId: string; crmMessageId: string; content: string; attachments: AgentAttachment[]; traceId: string },
): Promise<string> {
  const conversation = await deps.prisma.conversation.findUniqueOrThrow({
    where: { id: input.conversationId }, select: { channelId: true, contact: { select: { waId: true, userId: true } } },
  });
  const recipient = conversation.contact.waId ? { to: conversation.contact.waId } : { recipient: conversation.contact.userId ?? '' };
  const parts = agentMessageParts(input.content, input.attachments);
  if (parts.length === 0) return 'ignored:no text or relayable attachment';
  let replayed = true;
  try {
    for (const [index, part] of parts.entries()) {
      const externalId = index === 0 ? input.crmMessageId : `${input.crmMessageId}#${index}`;
      const sent = await sendMessage(deps, {
        workspaceId: integration.workspaceId,
        input: parseOrThrow(sendMessageInputSchema, {
          channel_id: conversation.channelId, ...recipient, ...part, priority: 'high',
          metadata: { crm: 'chatwoot', crm_message_id: externalId },
        }),
        // One WhatsApp message per Chatwoot message part, however often Chatwoot (or a replay) delivers it.
        idempotencyKey: index === 0 ? `chatwoot:${integration.id}:${input.crmMessageId}` : `chatwoot:${integration.id}:${input.crmMessageId}:${index}`,
        traceId: input.traceId,
        source: 'crm',
      });
      replayed &&= sent.replayed;
      await deps.prisma.crmLink.createMany({
        data: [{ workspaceId: integration.workspaceId, integrationId: integration.id, entity: 'message', localId: sent.body.id, externalId }],
        skipDuplicates: true,
      });
    }
    return replayed ? 'agent_message_already_sent' : 'agent_message_sent';
  } catch (error) {
    if (!isAppError(error) || error.httpStatus >= 500) throw error;
    await adapter.updateMessageStatus({ conversationId: input.crmConversationId, messageId: input.crmMessageId, status: 'failed', error: error.message.slice(0, 250) }).catch(() => undefined);
    return `agent_message_rejected:${error.code}`;
  }
}
