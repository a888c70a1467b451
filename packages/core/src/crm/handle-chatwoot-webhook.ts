import { parseChatwootWebhook, verifyChatwootSignature } from '@switchboard/chatwoot';
import type { CrmAdapter, CrmInboundEvent } from '@switchboard/crm';
import { AppError, isAppError } from '../app-error';
import { sendMessage, type SendMessageDeps } from '../message/send-message';
import { sendMessageInputSchema } from '../message/send-message-input';
import { parseOrThrow } from '../zod-issues';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { nowOf } from './crm-deps';
import { waitForCrmObject } from './crm-locks';
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
  const setOwner = (to: 'human' | 'bot', reason: CrmOwnerReason) =>
    deps.prisma.$transaction((tx) =>
      setOwnerFromCrm(tx, { workspaceId: integration.workspaceId, conversationId, integrationId: integration.id, to, reason, traceId, now: nowOf(deps) }),
    );

  switch (event.kind) {
    case 'agent_message': {
      // The mirror holds this lock from creating a message in Chatwoot until its link is stored.
      await waitForCrmObject(deps.prisma, integration.id, 'conversation', conversationId);
      const echo = await deps.prisma.crmLink.findUnique({
        where: { integrationId_entity_externalId: { integrationId: integration.id, entity: 'message', externalId: event.messageId } },
      });
      if (echo) return 'ignored:echo';
      await setOwner('human', 'crm:agent_reply');
      return relayAgentMessage(deps, integration, adapter, { conversationId, crmConversationId: event.conversationId, crmMessageId: event.messageId, content: event.content, traceId });
    }
    case 'status_changed': {
      if (event.to === 'open') {
        if (event.from === 'resolved') {
          // Chatwoot reopens a resolved conversation when the contact writes again; that is not a human taking over.
          const conversation = await deps.prisma.conversation.findUnique({ where: { id: conversationId }, select: { owner: true } });
          if (conversation?.owner === 'bot') {
            await adapter.setConversationStatus(event.conversationId, 'pending');
            return 'reopened_for_bot';
          }
          return 'unchanged';
        }
        return (await setOwner('human', 'crm:opened')) ? 'taken_over' : 'unchanged';
      }
      if (event.to === 'resolved') return (await setOwner('bot', 'crm:resolved')) ? 'resumed' : 'unchanged';
      if (event.to === 'pending') return (await setOwner('bot', 'crm:pending')) ? 'resumed' : 'unchanged';
      return `ignored:status ${event.to}`;
    }
    case 'assignee_changed':
      if (event.assigneeId === null) return 'ignored:unassigned';
      return (await setOwner('human', 'crm:assigned')) ? 'taken_over' : 'unchanged';
  }
}

/** Sends an agent's reply to the contact; a reply WhatsApp would refuse is marked failed in Chatwoot with why. */
async function relayAgentMessage(
  deps: ChatwootWebhookDeps, integration: CrmIntegration, adapter: CrmAdapter,
  input: { conversationId: string; crmConversationId: string; crmMessageId: string; content: string; traceId: string },
): Promise<string> {
  const conversation = await deps.prisma.conversation.findUniqueOrThrow({
    where: { id: input.conversationId }, select: { channelId: true, contact: { select: { waId: true, userId: true } } },
  });
  const recipient = conversation.contact.waId ? { to: conversation.contact.waId } : { recipient: conversation.contact.userId ?? '' };
  try {
    const sent = await sendMessage(deps, {
      workspaceId: integration.workspaceId,
      input: parseOrThrow(sendMessageInputSchema, {
        channel_id: conversation.channelId, ...recipient, type: 'text', text: { body: input.content }, priority: 'high',
        metadata: { crm: 'chatwoot', crm_message_id: input.crmMessageId },
      }),
      // One WhatsApp message per Chatwoot message, however often Chatwoot (or a replay) delivers it.
      idempotencyKey: `chatwoot:${integration.id}:${input.crmMessageId}`,
      traceId: input.traceId,
      source: 'crm',
    });
    await deps.prisma.crmLink.createMany({
      data: [{ workspaceId: integration.workspaceId, integrationId: integration.id, entity: 'message', localId: sent.body.id, externalId: input.crmMessageId }],
      skipDuplicates: true,
    });
    return sent.replayed ? 'agent_message_already_sent' : 'agent_message_sent';
  } catch (error) {
    if (!isAppError(error) || error.httpStatus >= 500) throw error;
    await adapter.updateMessageStatus({ conversationId: input.crmConversationId, messageId: input.crmMessageId, status: 'failed', error: error.message.slice(0, 250) }).catch(() => undefined);
    return `agent_message_rejected:${error.code}`;
  }
}
