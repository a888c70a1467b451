import { Prisma, type MessageStatus } from '@switchboard/db';
import { z } from 'zod';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { newRowId } from '../inbound/new-row-id';

const messageStatus = z.enum(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'received']);

/**
 * What a state change writes to the outbox (topic `customer_event`) in its own transaction. It carries
 * ids, never content: the fan-out reads the rows and builds the customer-facing body, so message text
 * is never stored in plaintext. The handoff payload is the one `handoffConversation` already writes.
 */
export const customerEventOutboxSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message.status'),
    workspaceId: z.uuid(),
    messageId: z.uuid(),
    /** The status before the move; null when the message was created with `to`. */
    from: messageStatus.nullable(),
    to: messageStatus,
    at: z.iso.datetime({ offset: true }),
  }),
  z.object({ type: z.literal('message.received'), workspaceId: z.uuid(), messageId: z.uuid(), at: z.iso.datetime({ offset: true }) }),
  z.object({
    type: z.literal('conversation.handoff'),
    workspaceId: z.uuid(),
    conversationId: z.uuid(),
    reason: z.string().nullable().default(null),
    at: z.iso.datetime({ offset: true }),
  }),
  z.object({
    type: z.literal('conversation.resumed'),
    workspaceId: z.uuid(),
    conversationId: z.uuid(),
    reason: z.string().nullable().default(null),
    at: z.iso.datetime({ offset: true }),
  }),
]);
export type CustomerEventOutbox = z.input<typeof customerEventOutboxSchema>;
/** A parsed outbox record (defaults applied). */
export type ParsedCustomerEventOutbox = z.infer<typeof customerEventOutboxSchema>;

/** A customer event a message move produces; `implied` ones were skipped over by Meta's order. */
export interface MessageMoveEvent {
  type: 'message.queued' | 'message.sent' | 'message.delivered' | 'message.read' | 'message.failed';
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'expired';
  implied: boolean;
}

const visible = [
  ['queued', 1],
  ['sent', 3],
  ['delivered', 4],
  ['read', 5],
] as const;
const rank: Partial<Record<MessageStatus, number>> = { accepted: 0, queued: 1, sending: 2, sent: 3, delivered: 4, read: 5 };

/**
 * The customer events of one forward move, in order. A move that skips visible statuses (Meta's
 * `read` before its `delivered`; a status webhook that beat our own `sent`) reports the skipped ones
 * as implied, so each message's events are complete and in order whatever order Meta used.
 * Backward moves (a retry back to `queued`) and `sending` report nothing.
 */
export function customerEventsForMove(from: MessageStatus | null, to: MessageStatus): MessageMoveEvent[] {
  if (to === 'failed' || to === 'expired') {
    return from === 'failed' || from === 'expired' ? [] : [{ type: 'message.failed', status: to, implied: false }];
  }
  const target = rank[to];
  const start = from === null ? 0 : rank[from];
  if (target === undefined || start === undefined || target <= start) return [];
  return visible
    .filter(([, r]) => r > start && r <= target)
    .map(([status, r]) => ({ type: `message.${status}` as const, status, implied: r !== target }));
}

/**
 * Records a customer event in the caller's transaction (outbox topic `customer_event`), so the event
 * exists exactly when the state change it describes commits. `created_at` is the clock at insert,
 * after the caller's row locks were taken, which keeps one message's events in move order.
 */
export async function recordCustomerEvent(tx: Prisma.TransactionClient, event: CustomerEventOutbox): Promise<void> {
  const payload = customerEventOutboxSchema.parse(event);
  await tx.$executeRaw`INSERT INTO outbox_entries (id, topic, payload, created_at)
    VALUES (${newRowId()}::uuid, ${CUSTOMER_EVENT_TOPIC}, ${JSON.stringify(payload)}::jsonb, clock_timestamp())`;
}

/**
 * The same record as an extra CTE of `transitionMessage`'s single statement: inserts the outbox row
 * only if the compare-and-set in CTE `moved` (columns `id`, `workspace_id`) matched. Empty when the
 * move reports nothing to customers.
 */
export function messageMoveOutboxCte(from: MessageStatus, to: MessageStatus, at: Date): Prisma.Sql {
  if (customerEventsForMove(from, to).length === 0) return Prisma.empty;
  return Prisma.sql`, customer_event AS (
      INSERT INTO outbox_entries (id, topic, payload, created_at)
      SELECT ${newRowId()}::uuid, ${CUSTOMER_EVENT_TOPIC},
        jsonb_build_object('type', 'message.status', 'workspaceId', workspace_id, 'messageId', id,
          'from', ${from}::text, 'to', ${to}::text, 'at', ${at.toISOString()}::text),
        clock_timestamp()
      FROM moved
    )`;
}
