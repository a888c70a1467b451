import { endpointWants } from '@switchboard/webhooks';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { newRowId } from '../inbound/new-row-id';
import { commitOnConnection } from '../ports/commit-on-connection';
import type { SqlClient, SqlTransactionPool } from '../ports/sql-pool';
import {
  buildCustomerEventBodies,
  type BuiltCustomerEvent,
  type ConversationForEvent,
  type MessageForEvent,
} from './build-customer-event-bodies';
import { customerEventOutboxSchema, type ParsedCustomerEventOutbox } from './customer-event-outbox';
import { nowOf, WEBHOOK_EVENT_RETENTION_MS } from './webhook-deps';
import type { SecretBox } from '@switchboard/db';

/** What one fan-out pass needs: the worker's `pg` pool (not Prisma: this runs every 100 ms and per message event). */
export interface FanOutDeps {
  sql: SqlTransactionPool;
  secretBox: SecretBox;
  clock?: () => Date;
}

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
const BATCH_LIMIT = 10_000;

interface ClaimRow {
  locked: boolean;
  id: string | null;
  payload: unknown;
  created_at: Date | null;
}

interface EndpointRow {
  id: string;
  workspace_id: string;
  event_types: string[];
  enabled: boolean;
}

interface MessageRow {
  id: string;
  channel_id: string;
  conversation_id: string | null;
  contact_id: string | null;
  type: string;
  content_enc: string;
  wamid: string | null;
  metadata: unknown;
  error_code: number | null;
  last_error: unknown;
  has_contact: boolean;
  wa_id: string | null;
  user_id: string | null;
  name: string | null;
}

/**
 * The first round trip, one simple-protocol message without parameters (every value in it is a
 * constant of this file): BEGIN; the transaction-scoped fan-out lock and, only when it was taken,
 * the oldest unpublished `customer_event` rows (FOR UPDATE SKIP LOCKED), planned with
 * `CLAIM_PLANNER_SETTINGS` (then back to the defaults for the rest of the transaction). Always one
 * row at least, carrying `locked`; `id` is null when nothing is pending.
 */
function claimText(batchSize: number): string {
  return ['BEGIN', ...CLAIM_PLANNER_SETTINGS, claimStatement(batchSize), ...CLAIM_PLANNER_DEFAULTS].join(';\n');
}

/**
 * The claim must walk `outbox_entries_customer_event_pending_idx` in its (created_at, id) order and
 * stop at the LIMIT. On statistics taken while nothing was pending (autovacuum's usual picture when a
 * flood starts) the planner expects a row or two and picks any plan that reads every pending row and
 * sorts them, 20–35 ms a claim on a backlog of 20,000 instead of ~2. No sort before the LIMIT leaves
 * it the ordered walk; JIT off, because the planner's penalty for a sort (the outer one over at most
 * `batchSize` rows stays) would otherwise cost ~190 ms of JIT compilation per claim.
 */
export const CLAIM_PLANNER_SETTINGS = ['SET LOCAL jit = off', 'SET LOCAL enable_sort = off'] as const;
const CLAIM_PLANNER_DEFAULTS = ['SET LOCAL jit TO DEFAULT', 'SET LOCAL enable_sort TO DEFAULT'] as const;

/** Where the claim's rows are among the results of `claimText` (one per statement). */
const CLAIM_RESULT = 1 + CLAIM_PLANNER_SETTINGS.length;

/**
 * The claim itself (`fan-out-claim-plan.int.test.ts` checks its plan under `CLAIM_PLANNER_SETTINGS`).
 */
export function claimStatement(batchSize: number): string {
  const topic = CUSTOMER_EVENT_TOPIC.replaceAll("'", "''");
  return `SELECT l.locked, o.id::text AS id, o.payload, o.created_at
FROM (SELECT pg_try_advisory_xact_lock(hashtextextended('${LOCK}', 0)) AS locked) l
LEFT JOIN LATERAL (
  SELECT id, payload, created_at FROM outbox_entries
  WHERE l.locked AND published_at IS NULL AND topic = '${topic}'
  ORDER BY created_at, id LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
) o ON true
ORDER BY o.created_at, o.id`;
}

const ENDPOINTS = `
  SELECT id::text AS id, workspace_id::text AS workspace_id, event_types, enabled
  FROM webhook_endpoints WHERE workspace_id = ANY($1::uuid[])`;

const MESSAGES = `
  SELECT m.id::text AS id, m.channel_id::text AS channel_id, m.conversation_id::text AS conversation_id,
    m.contact_id::text AS contact_id, m.type::text AS type, m.content_enc, m.wamid, m.metadata, m.error_code, m.last_error,
    c.id IS NOT NULL AS has_contact, c.wa_id, c.user_id, c.name
  FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id
  WHERE m.id = ANY($1::uuid[])`;

const CONVERSATIONS = `
  SELECT id::text AS id, channel_id::text AS "channelId", contact_id::text AS "contactId", owner::text AS owner
  FROM conversations WHERE id = ANY($1::uuid[])`;

// Inserted in array order, so `seq` (a sequence default) follows the outbox order.
const INSERT_EVENTS = `
  INSERT INTO webhook_events (id, workspace_id, type, payload_enc, message_id, created_at, expires_at)
  SELECT u.id, u.workspace_id, u.type, u.payload_enc, u.message_id, u.created_at, $7::timestamptz
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[])
    WITH ORDINALITY AS u(id, workspace_id, type, payload_enc, message_id, created_at, n)
  ORDER BY u.n
  RETURNING id::text AS id, seq::text AS seq`;

const INSERT_DELIVERIES = `
  INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, status, attempts, next_attempt_at, ordering_key, event_seq, give_up_at, created_at, updated_at)
  SELECT u.id, u.workspace_id, u.event_id, u.endpoint_id, 'pending', 0, $7::timestamptz, u.ordering_key, u.seq, $8::timestamptz, $7::timestamptz, $7::timestamptz
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::bigint[])
    AS u(id, workspace_id, event_id, endpoint_id, ordering_key, seq)
  ON CONFLICT (event_id, endpoint_id) DO NOTHING`;

const PUBLISH = `UPDATE outbox_entries SET published_at = $2::timestamptz WHERE id = ANY($1::uuid[])`;
// Retrying cannot fix these: published with the reason so they are not read again.
const PUBLISH_SKIPPED = `
  UPDATE outbox_entries o SET published_at = $3::timestamptz, attempts = o.attempts + 1, last_error = u.error
  FROM unnest($1::uuid[], $2::text[]) AS u(id, error) WHERE o.id = u.id`;

/**
 * Turns committed `customer_event` outbox rows into stored events (payload encrypted, kept 30 days)
 * and one pending delivery per enabled endpoint that wants the type, then marks the rows published —
 * one transaction, so a crash repeats the pass rather than losing or doubling events.
 *
 * One pass runs at a time across all workers (a transaction-scoped advisory lock): events get their
 * `seq` in outbox order, which per message is the order of its moves, so deliveries can be ordered
 * by `seq`. Workspaces without any endpoint store nothing.
 *
 * Round trips on one `pg` connection: an idle pass is two (BEGIN + lock + read; COMMIT), a pass whose
 * workspaces have no endpoint four (… ; endpoints; publish; COMMIT). The pass used to be a Prisma
 * interactive transaction of five to nine statements, ten times a second in every worker.
 */
export async function fanOutCustomerEvents(deps: FanOutDeps, options: { batchSize?: number; giveUpAfterMs: number }): Promise<FanOutResult> {
  const batchSize = Math.min(Math.max(1, Math.trunc(options.batchSize ?? 500)), BATCH_LIMIT);
  return commitOnConnection(deps.sql, (client) => fanOutOn(client, deps, batchSize, options.giveUpAfterMs));
}

async function fanOutOn(client: SqlClient, deps: FanOutDeps, batchSize: number, giveUpAfterMs: number): Promise<FanOutResult> {
  const result: FanOutResult = { busy: false, claimed: 0, events: 0, deliveries: 0, skipped: [] };
  // A multi-statement text returns one result per statement (BEGIN, the settings, the claim, the settings back).
  const results = (await client.query(claimText(batchSize))) as unknown as { rows: unknown[] }[];
  const claimRows = (results[CLAIM_RESULT]?.rows ?? []) as ClaimRow[];
  if (!claimRows[0]?.locked) return { ...result, busy: true };
  const rows = claimRows.filter((r): r is ClaimRow & { id: string; created_at: Date } => r.id !== null && r.created_at !== null);
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
  const endpoints = workspaceIds.length ? (await client.query<EndpointRow>(ENDPOINTS, [workspaceIds])).rows : [];
  const endpointsOf = new Map<string, EndpointRow[]>();
  for (const endpoint of endpoints) endpointsOf.set(endpoint.workspace_id, [...(endpointsOf.get(endpoint.workspace_id) ?? []), endpoint]);
  const wanted = records.filter((r) => endpointsOf.has(r.record.workspaceId));

  if (wanted.length > 0) {
    const built = await buildEvents(client, deps, wanted, result);
    if (built.length > 0) result.deliveries = await storeEvents(client, deps, built, endpointsOf, now, giveUpAfterMs, result);
  }

  const skippedIds = new Set(result.skipped.map((s) => s.id));
  const okIds = rows.map((r) => r.id).filter((id) => !skippedIds.has(id));
  if (okIds.length) await client.query(PUBLISH, [okIds, now]);
  if (result.skipped.length) await client.query(PUBLISH_SKIPPED, [result.skipped.map((s) => s.id), result.skipped.map((s) => s.error), now]);
  return result;
}

async function buildEvents(
  client: SqlClient,
  deps: FanOutDeps,
  wanted: { row: { id: string; created_at: Date }; record: ParsedCustomerEventOutbox }[],
  result: FanOutResult,
): Promise<(BuiltCustomerEvent & { createdAt: Date })[]> {
  const messageIds = wanted.flatMap(({ record }) => ('messageId' in record ? [record.messageId] : []));
  const conversationIds = wanted.flatMap(({ record }) => ('conversationId' in record ? [record.conversationId] : []));
  const messages = new Map<string, MessageForEvent>(
    (messageIds.length ? (await client.query<MessageRow>(MESSAGES, [messageIds])).rows : []).map((m) => [
      m.id,
      {
        id: m.id, channelId: m.channel_id, conversationId: m.conversation_id, contactId: m.contact_id, type: m.type,
        contentEnc: m.content_enc, wamid: m.wamid, metadata: m.metadata, errorCode: m.error_code, lastError: m.last_error,
        contact: m.has_contact ? { waId: m.wa_id, userId: m.user_id, name: m.name } : null,
      },
    ]),
  );
  const conversations = new Map<string, ConversationForEvent>(
    (conversationIds.length ? (await client.query<ConversationForEvent>(CONVERSATIONS, [conversationIds])).rows : []).map((c) => [c.id, c]),
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
  return built;
}

async function storeEvents(
  client: SqlClient,
  deps: FanOutDeps,
  built: (BuiltCustomerEvent & { createdAt: Date })[],
  endpointsOf: Map<string, EndpointRow[]>,
  now: Date,
  giveUpAfterMs: number,
  result: FanOutResult,
): Promise<number> {
  const expiresAt = new Date(now.getTime() + WEBHOOK_EVENT_RETENTION_MS);
  const inserted = await client.query<{ id: string; seq: string }>(INSERT_EVENTS, [
    built.map((e) => e.body.id), built.map((e) => e.workspaceId), built.map((e) => e.type),
    built.map((e) => deps.secretBox.encrypt(JSON.stringify(e.body))), built.map((e) => e.messageId), built.map((e) => e.createdAt), expiresAt,
  ]);
  const seqOf = new Map(inserted.rows.map((r) => [r.id, r.seq]));
  result.events = inserted.rows.length;

  const deliveries: { eventId: string; endpointId: string; workspaceId: string; orderingKey: string; seq: string }[] = [];
  for (const event of built) {
    for (const endpoint of endpointsOf.get(event.workspaceId) ?? []) {
      if (!endpoint.enabled || !endpointWants(endpoint.event_types, event.type)) continue;
      deliveries.push({ eventId: event.body.id, endpointId: endpoint.id, workspaceId: event.workspaceId, orderingKey: event.orderingKey, seq: seqOf.get(event.body.id) ?? '0' });
    }
  }
  if (deliveries.length === 0) return 0;
  await client.query(INSERT_DELIVERIES, [
    deliveries.map(() => newRowId(now.getTime())), deliveries.map((d) => d.workspaceId), deliveries.map((d) => d.eventId),
    deliveries.map((d) => d.endpointId), deliveries.map((d) => d.orderingKey), deliveries.map((d) => d.seq),
    now, new Date(now.getTime() + giveUpAfterMs),
  ]);
  return deliveries.length;
}
