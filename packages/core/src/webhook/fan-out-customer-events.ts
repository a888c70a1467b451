import { Prisma } from '@switchboard/db';
import { endpointWants } from '@switchboard/webhooks';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { newRowId } from '../inbound/new-row-id';
import {
  buildCustomerEventBodies,
  type BuiltCustomerEvent,
  type ConversationForEvent,
  type MessageForEvent,
} from './build-customer-event-bodies';
import { customerEventOutboxSchema, type ParsedCustomerEventOutbox } from './customer-event-outbox';
import { nowOf, WEBHOOK_EVENT_RETENTION_MS, type WebhookDeps } from './webhook-deps';

/** What one fan-out pass did. */
export interface FanOutResult {
  /** Another process holds the fan-out lock; nothing was read. */
  busy: boolean;
  /** Outbox rows consumed. */
  claimed: number;
  events: number;
  deliveries: number;
  /** Rows that could not be turned into events (unreadable payload or content); logged by the caller. */
  skipped: { id: string; error: string }[];
}

const LOCK = 'customer-event-fan-out';

/**
 * Turns committed `customer_event` outbox rows into stored events (payload encrypted, kept 30 days)
 * and one pending delivery per enabled endpoint that wants the type, then marks the rows published —
 * one transaction, so a crash repeats the pass rather than losing or doubling events.
 *
 * One pass runs at a time across all workers (a transaction-scoped advisory lock): events get their
 * `seq` in outbox order, which per message is the order of its moves, so deliveries can be ordered
 * by `seq`. Workspaces without any endpoint store nothing.
 */
export async function fanOutCustomerEvents(
  deps: WebhookDeps,
  options: { batchSize?: number; giveUpAfterMs: number },
): Promise<FanOutResult> {
  const batchSize = options.batchSize ?? 500;
  return deps.prisma.$transaction(
    async (tx) => {
      const result: FanOutResult = { busy: false, claimed: 0, events: 0, deliveries: 0, skipped: [] };
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${LOCK}, 0)) AS locked`;
      if (!lock?.locked) return { ...result, busy: true };
      const rows = await tx.$queryRaw<{ id: string; payload: unknown; created_at: Date }[]>`
        SELECT id, payload, created_at FROM outbox_entries
        WHERE published_at IS NULL AND topic = ${CUSTOMER_EVENT_TOPIC}
        ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return result;
      result.claimed = rows.length;
      const now = nowOf(deps);

      const records: { row: (typeof rows)[number]; record: ParsedCustomerEventOutbox }[] = [];
      for (const row of rows) {
        const parsed = customerEventOutboxSchema.safeParse(row.payload);
        if (parsed.success) records.push({ row, record: parsed.data });
        else result.skipped.push({ id: row.id, error: `unreadable customer_event payload: ${parsed.error.issues[0]?.message ?? ''}` });
      }

      const workspaceIds = [...new Set(records.map((r) => r.record.workspaceId))];
      const endpoints = workspaceIds.length
        ? await tx.webhookEndpoint.findMany({ where: { workspaceId: { in: workspaceIds } }, select: { id: true, workspaceId: true, eventTypes: true, enabled: true } })
        : [];
      const endpointsOf = new Map<string, typeof endpoints>();
      for (const endpoint of endpoints) endpointsOf.set(endpoint.workspaceId, [...(endpointsOf.get(endpoint.workspaceId) ?? []), endpoint]);
      const wanted = records.filter((r) => endpointsOf.has(r.record.workspaceId));

      const messageIds = wanted.flatMap(({ record }) => ('messageId' in record ? [record.messageId] : []));
      const conversationIds = wanted.flatMap(({ record }) => ('conversationId' in record ? [record.conversationId] : []));
      const messages = new Map<string, MessageForEvent>(
        (messageIds.length
          ? await tx.message.findMany({
              where: { id: { in: messageIds } },
              select: {
                id: true, channelId: true, conversationId: true, contactId: true, type: true, contentEnc: true, wamid: true,
                metadata: true, errorCode: true, lastError: true, contact: { select: { waId: true, userId: true, name: true } },
              },
            })
          : []
        ).map((m) => [m.id, m]),
      );
      const conversations = new Map<string, ConversationForEvent>(
        (conversationIds.length
          ? await tx.conversation.findMany({ where: { id: { in: conversationIds } }, select: { id: true, channelId: true, contactId: true, owner: true } })
          : []
        ).map((c) => [c.id, c]),
      );

      const built: (BuiltCustomerEvent & { createdAt: Date })[] = [];
      for (const { row, record } of wanted) {
        try {
          const events = buildCustomerEventBodies(record, {
            createdAt: row.created_at, newId: () => newRowId(row.created_at.getTime()), messages, conversations, secretBox: deps.secretBox,
          });
          built.push(...events.map((event) => ({ ...event, createdAt: row.created_at })));
        } catch (error) {
          result.skipped.push({ id: row.id, error: `could not build event: ${(error as Error).message}` });
        }
      }

      if (built.length > 0) {
        const expiresAt = new Date(now.getTime() + WEBHOOK_EVENT_RETENTION_MS);
        // Inserted in array order, so `seq` (a sequence default) follows the outbox order.
        const inserted = await tx.$queryRaw<{ id: string; seq: bigint }[]>`
          INSERT INTO webhook_events (id, workspace_id, type, payload_enc, message_id, created_at, expires_at)
          SELECT u.id, u.workspace_id, u.type, u.payload_enc, u.message_id, u.created_at, ${expiresAt}::timestamptz
          FROM unnest(${built.map((e) => e.body.id)}::uuid[], ${built.map((e) => e.workspaceId)}::uuid[], ${built.map((e) => e.type)}::text[],
            ${built.map((e) => deps.secretBox.encrypt(JSON.stringify(e.body)))}::text[], ${built.map((e) => e.messageId)}::uuid[],
            ${built.map((e) => e.createdAt)}::timestamptz[]) WITH ORDINALITY AS u(id, workspace_id, type, payload_enc, message_id, created_at, n)
          ORDER BY u.n
          RETURNING id, seq`;
        const seqOf = new Map(inserted.map((r) => [r.id, r.seq]));
        result.events = inserted.length;

        const giveUpAt = new Date(now.getTime() + options.giveUpAfterMs);
        const deliveries: { eventId: string; endpointId: string; workspaceId: string; orderingKey: string; seq: bigint }[] = [];
        for (const event of built) {
          for (const endpoint of endpointsOf.get(event.workspaceId) ?? []) {
            if (!endpoint.enabled || !endpointWants(endpoint.eventTypes, event.type)) continue;
            deliveries.push({ eventId: event.body.id, endpointId: endpoint.id, workspaceId: event.workspaceId, orderingKey: event.orderingKey, seq: seqOf.get(event.body.id) ?? 0n });
          }
        }
        if (deliveries.length > 0) {
          await tx.$executeRaw`
            INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, status, attempts, next_attempt_at, ordering_key, event_seq, give_up_at, created_at, updated_at)
            SELECT u.id, u.workspace_id, u.event_id, u.endpoint_id, 'pending', 0, ${now}::timestamptz, u.ordering_key, u.seq, ${giveUpAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
            FROM unnest(${deliveries.map(() => newRowId(now.getTime()))}::uuid[], ${deliveries.map((d) => d.workspaceId)}::uuid[],
              ${deliveries.map((d) => d.eventId)}::uuid[], ${deliveries.map((d) => d.endpointId)}::uuid[],
              ${deliveries.map((d) => d.orderingKey)}::text[], ${deliveries.map((d) => d.seq.toString())}::bigint[])
              AS u(id, workspace_id, event_id, endpoint_id, ordering_key, seq)
            ON CONFLICT (event_id, endpoint_id) DO NOTHING`;
          result.deliveries = deliveries.length;
        }
      }

      const skippedIds = new Map(result.skipped.map((s) => [s.id, s.error]));
      const okIds = rows.map((r) => r.id).filter((id) => !skippedIds.has(id));
      if (okIds.length) await tx.$executeRaw`UPDATE outbox_entries SET published_at = ${now}::timestamptz WHERE id = ANY(${okIds}::uuid[])`;
      for (const [id, error] of skippedIds) {
        // Retrying cannot fix these: mark them published with the reason so they are not read again.
        await tx.$executeRaw`UPDATE outbox_entries SET published_at = ${now}::timestamptz, attempts = attempts + 1, last_error = ${error} WHERE id = ${id}::uuid`;
      }
      return result;
    },
    { maxWait: 10_000, timeout: 30_000, isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted },
  );
}
