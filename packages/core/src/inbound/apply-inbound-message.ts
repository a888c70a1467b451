import type { Prisma, SecretBox } from '@switchboard/db';
import type { MessageEvent } from '@switchboard/whatsapp';
import { upsertContact } from '../contact/upsert-contact';
import { recordCustomerEvent } from '../webhook/customer-event-outbox';
import { recordInboundActivity } from '../conversation/record-inbound-activity';
import type { OnInboundMessage } from './on-inbound-message';
import { inboundContentOf } from './raw-webhook-items';

export type InboundMessageOutcome = 'stored' | 'duplicate' | 'no_sender';

export interface ApplyInboundMessageInput {
  channel: { id: string; workspaceId: string };
  event: MessageEvent;
  raw: Record<string, unknown> | undefined;
  traceId: string;
  /** The stored webhook that carried it. */
  inboundWebhookId: string;
}

/**
 * Stores one inbound message: contact (all identities merged), conversation
 * (window from Meta's timestamp), then the message itself, unique per
 * (channel, wamid). A wamid seen before changes nothing and skips the hook.
 */
export async function applyInboundMessage(
  tx: Prisma.TransactionClient,
  deps: { secretBox: SecretBox; onInboundMessage: OnInboundMessage },
  input: ApplyInboundMessageInput,
): Promise<InboundMessageOutcome> {
  const { channel, event, traceId } = input;
  // Meta retries are the common duplicate: answer them with one indexed read.
  const seen = await tx.message.findUnique({ where: { channelId_wamid: { channelId: channel.id, wamid: event.wamid } }, select: { id: true } });
  if (seen) return 'duplicate';

  const waId = event.contact?.waId ?? event.from;
  const userId = event.contact?.userId ?? event.fromUserId;
  if (!waId && !userId) return 'no_sender';
  const contact = await upsertContact(tx, channel.workspaceId, {
    waId,
    userId,
    parentUserId: event.contact?.parentUserId,
    username: event.contact?.username,
    name: event.contact?.name,
  });
  const conversation = await recordInboundActivity(tx, {
    workspaceId: channel.workspaceId,
    channelId: channel.id,
    contactId: contact.id,
    at: event.date,
  });

  // ON CONFLICT DO NOTHING: a concurrent copy of the same wamid waits for us and then inserts nothing.
  const [message] = await tx.message.createManyAndReturn({
    data: [{
      workspaceId: channel.workspaceId,
      channelId: channel.id,
      conversationId: conversation.id,
      contactId: contact.id,
      direction: 'inbound',
      type: event.messageType,
      contentEnc: deps.secretBox.encryptJson(inboundContentOf(input.raw, event.content)),
      status: 'received',
      wamid: event.wamid,
      source: 'whatsapp',
      traceId,
      sentAt: event.date,
    }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (!message) return 'duplicate';
  await recordCustomerEvent(tx, { type: 'message.received', workspaceId: channel.workspaceId, messageId: message.id, at: event.date.toISOString() });

  await deps.onInboundMessage({
    tx,
    workspaceId: channel.workspaceId,
    channelId: channel.id,
    contactId: contact.id,
    conversationId: conversation.id,
    conversationOwner: conversation.owner,
    messageId: message.id,
    wamid: event.wamid,
    traceId,
    inboundWebhookId: input.inboundWebhookId,
    event,
  });
  return 'stored';
}
