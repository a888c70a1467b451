import type { MessagePriority } from '@switchboard/db';

/**
 * Hands a committed outbound message to the send pipeline (BullMQ). Called
 * after the transaction that wrote the message and its outbox entry; if it
 * fails, the outbox relay re-dispatches from Postgres, so callers log and
 * carry on (design §3.1).
 */
export interface OutboundDispatcher {
  dispatchOutbound(job: { messageId: string; workspaceId: string; channelId: string; priority: MessagePriority }): Promise<void>;
}

/** Hands a persisted raw Meta webhook to the worker that normalizes and applies it. */
export interface InboundDispatcher {
  dispatchInboundWebhook(job: { inboundWebhookId: string }): Promise<void>;
}
