import type { ConversationOwner, Prisma } from '@switchboard/db';
import type { MessageEvent } from '@switchboard/whatsapp';

/** A newly stored inbound message, as handed to `OnInboundMessage`. */
export interface StoredInboundMessage {
  /** The transaction that stored the message; write follow-up rows (e.g. an outbox entry) with it. */
  tx: Prisma.TransactionClient;
  workspaceId: string;
  channelId: string;
  contactId: string;
  conversationId: string;
  conversationOwner: ConversationOwner;
  messageId: string;
  wamid: string;
  traceId: string;
  /** The stored webhook that carried it; its `received_at` is the conversation's arrival order. */
  inboundWebhookId: string;
  /** The parsed message: type, content, sender identities, Meta's timestamp. */
  event: MessageEvent;
}

/**
 * Extension point for what happens after an inbound message is stored (the
 * bot runtime plugs in here). It runs inside the storing transaction, once
 * per new message and never for a `wamid` seen before; if it throws, the
 * whole webhook rolls back and is retried, so work it records in `tx` is
 * committed exactly when the message is.
 */
export type OnInboundMessage = ((message: StoredInboundMessage) => Promise<void>) & {
  /** Optional: the same work for the one-statement path (`storeInboundMessage`); without it that path is not taken. */
  oneStatement?: OneStatementInboundHook;
};

/** A bot input to record in the statement that stores the message. */
export interface InboundInputPlan {
  botId: string;
  /** The input's content, already encrypted. */
  contentEnc: string;
  /** How long the turn may wait for more messages (the bot's burst window). */
  delayMs: number;
}

/** A bot input the one-statement path stored (committed). */
export interface RecordedInboundInput {
  inputId: string;
  workspaceId: string;
  channelId: string;
  conversationId: string;
  traceId: string;
  delayMs: number;
}

/**
 * The hook split in two around the one statement that stores a message: `plan`
 * decides before it (from cached lookups) what the statement records besides
 * the message; `recorded` runs after its commit. The statement itself skips
 * the input when the conversation is owned by a human or the wamid was seen.
 */
export interface OneStatementInboundHook {
  plan(message: { workspaceId: string; channelId: string; event: MessageEvent }): Promise<InboundInputPlan | null>;
  /** Must not throw: the message is committed; the durable sweeps cover anything it fails to start. */
  recorded(input: RecordedInboundInput): void;
}

/** The default hook: nothing follows an inbound message yet. */
export const ignoreInboundMessage: OnInboundMessage = async () => undefined;
