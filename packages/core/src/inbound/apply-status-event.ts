import type { MessageStatus, Prisma } from '@switchboard/db';
import type { StatusEvent } from '@switchboard/whatsapp';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { statusesBefore } from '../message/message-status';
import type { SqlStatement } from '../ports/sql-pool';
import { newEventId } from '../send/new-event-id';

export type StatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'unmatched' | 'ignored';

export interface ApplyStatusInput {
  channel: { id: string; workspaceId: string };
  event: StatusEvent;
  raw: Record<string, unknown> | undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// `played` (a voice message listened to) is the audio form of `read`;
// `deleted` (older API versions) says nothing about delivery.
const statusFromMeta: Record<StatusEvent['status'], MessageStatus | null> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
  deleted: null,
};

type AppliedStatus = 'sent' | 'delivered' | 'read' | 'failed';

const timestampColumn: Record<AppliedStatus, string> = {
  sent: 'sent_at',
  delivered: 'delivered_at',
  read: 'read_at',
  failed: 'failed_at',
};

export type ApplyStatusRow = { found: boolean; inserted: boolean; moved: boolean | null };

const statements = new Map<string, string>();

/**
 * The one statement that applies a Meta status `next` (one fixed text per status):
 *
 * - `found`: the message by (channel, wamid), or — when the wamid is not stored yet (an ambiguous
 *   send) — by our id echoed in `biz_opaque_callback_data` ($3), outbound on this channel;
 * - `unmatched`: no message → an audit log row;
 * - `ev`: the event, deduplicated on (message, status, Meta timestamp) by the partial unique index;
 * - `upd`: only when the event is new; locks the row (`old`, FOR NO KEY UPDATE: the move's `from`
 *   is the status this move replaces) and either moves the status forward (from one of
 *   `statusesBefore(next)`), or, for a status that is not a forward move (`delivered` after `read`),
 *   only records its time. Each *_at keeps the earliest time Meta reported; `read` implies
 *   `delivered`; a `failed` status stores Meta's first error; the wamid is stored if missing;
 * - `ce`: for a forward move, the `message.status` customer event (outbox), naming both statuses.
 *
 * NO KEY UPDATE, not UPDATE: the event row's foreign key takes a KEY SHARE lock on the message,
 * which NO KEY UPDATE does not conflict with, so two webhooks of one message cannot deadlock.
 *
 * With `claim` (the pg fast path, no transaction around it) the statement first claims the stored
 * webhook ($16: sets `processed_at` unless already set; a second run, queue or sweep, waits for the
 * first and then claims nothing), and `found` and `unmatched` only act when the claim did (`ev`,
 * `upd` and `ce` follow from `found`), so the claim and the status are one atomic step. It also
 * returns the webhook's `received_at` (null when nothing was claimed).
 */
function statementFor(next: AppliedStatus, claim: boolean): string {
  const key = `${next}${claim ? '+claim' : ''}`;
  const cached = statements.get(key);
  if (cached) return cached;
  const column = timestampColumn[next];
  const claimed = claim ? ' AND EXISTS (SELECT 1 FROM claim)' : '';
  const errorParam = claim ? '$17' : '$16';
  const before = statusesBefore(next).map((s) => `'${s}'`).join(', ');
  const forward = `old.old_status IN (${before})`;
  // $1 channel, $2 wamid, $3 our id (uuid or null), $4 workspace, $5 Meta's time, $6 event id, $7 error code,
  // $8 errors json, $9 pricing json, $10 conversation json, $11 raw json, $12 outbox id, $13 Meta's time as
  // ISO text, $14 audit log id, $15 audit log data json; with `claim`: $16 the stored webhook's id;
  // `failed` only: then ($16 or $17) Meta's first error json.
  const text = `
WITH ${claim ? `claim AS (
  UPDATE inbound_webhooks SET processed_at = now() WHERE id = $16::uuid AND processed_at IS NULL RETURNING received_at
), ` : ''}by_wamid AS (
  SELECT id, trace_id FROM messages WHERE channel_id = $1::uuid AND wamid = $2::text${claimed}
), by_ours AS (
  SELECT id, trace_id FROM messages
  WHERE $3::uuid IS NOT NULL AND id = $3::uuid AND channel_id = $1::uuid AND direction = 'outbound'
    AND NOT EXISTS (SELECT 1 FROM by_wamid)${claimed}
), found AS (
  SELECT id, trace_id FROM by_wamid UNION ALL SELECT id, trace_id FROM by_ours
), unmatched AS (
  INSERT INTO audit_logs (id, workspace_id, actor_type, actor_id, action, target_type, target_id, data)
  SELECT $14::uuid, $4::uuid, 'system', 'inbound-webhook', 'meta_status.unmatched', 'wamid', $2::text, $15::jsonb
  WHERE NOT EXISTS (SELECT 1 FROM found)${claimed}
), ev AS (
  INSERT INTO message_events (id, workspace_id, message_id, status, at, source, error_code, error, pricing, conversation_meta, meta_payload, trace_id)
  SELECT $6::uuid, $4::uuid, found.id, '${next}', $5::timestamptz, 'meta', $7::int, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb, found.trace_id
  FROM found
  ON CONFLICT DO NOTHING
  RETURNING message_id
), upd AS (
  UPDATE messages m SET
    status = CASE WHEN ${forward} THEN '${next}'::"MessageStatus" ELSE m.status END,
    ${column} = LEAST(m.${column}, $5::timestamptz),${next === 'read' ? `
    delivered_at = CASE WHEN ${forward} THEN LEAST(m.delivered_at, $5::timestamptz) ELSE m.delivered_at END,` : ''}${next === 'failed' ? `
    error_code = CASE WHEN ${forward} AND ${errorParam}::jsonb IS NOT NULL THEN $7::int ELSE m.error_code END,
    last_error = CASE WHEN ${forward} AND ${errorParam}::jsonb IS NOT NULL THEN ${errorParam}::jsonb ELSE m.last_error END,` : ''}
    wamid = COALESCE(m.wamid, $2::text),
    updated_at = now()
  FROM (SELECT id, status AS old_status, ${column} AS old_at FROM messages WHERE id = (SELECT message_id FROM ev) FOR NO KEY UPDATE) old
  WHERE m.id = old.id AND (${forward} OR old.old_at IS NULL OR old.old_at > $5::timestamptz)
  RETURNING m.id, m.workspace_id, old.old_status, ${forward} AS moved
), ce AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at)
  SELECT $12::uuid, '${CUSTOMER_EVENT_TOPIC}',
    jsonb_build_object('type', 'message.status', 'workspaceId', workspace_id, 'messageId', id, 'from', old_status::text, 'to', '${next}', 'at', $13::text),
    clock_timestamp()
  FROM upd WHERE moved
)
SELECT EXISTS (SELECT 1 FROM found) AS found, EXISTS (SELECT 1 FROM ev) AS inserted, (SELECT moved FROM upd) AS moved${
    claim ? ', (SELECT received_at FROM claim) AS received_at' : ''}`;
  statements.set(key, text);
  return text;
}

/**
 * The statement (statementFor above) and its values for one Meta status, named per text so pg prepares
 * each once per connection; with `claimWebhookId`, the form that also claims that stored webhook (the
 * pg fast path). Null for a status we ignore.
 */
export function statusStatement(input: ApplyStatusInput, claimWebhookId?: string): SqlStatement | null {
  const { channel, event } = input;
  const next = statusFromMeta[event.status] as AppliedStatus | null;
  if (!next) return null;
  const ourId = event.bizOpaqueCallbackData;
  const firstError = event.errors[0];
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  const values: unknown[] = [
    channel.id,
    event.wamid,
    ourId && uuidPattern.test(ourId) ? ourId.toLowerCase() : null,
    channel.workspaceId,
    event.date,
    newEventId(),
    firstError?.code ?? null,
    event.errors.length ? JSON.stringify(event.errors) : null,
    json(event.pricing),
    json(event.conversation),
    json(input.raw),
    newEventId(),
    event.date.toISOString(),
    newEventId(),
    JSON.stringify({
      channel_id: channel.id, status: event.status, timestamp: event.timestamp,
      biz_opaque_callback_data: ourId ?? null, error_codes: event.errors.map((e) => e.code),
    }),
  ];
  if (claimWebhookId !== undefined) values.push(claimWebhookId);
  // Postgres refuses a parameter the text never mentions, so the failure is passed only to `failed`'s text.
  if (next === 'failed') values.push(firstError ? JSON.stringify(firstError) : null);
  const claim = claimWebhookId !== undefined;
  return { name: `sb_apply_status_${next}${claim ? '_claim' : ''}`, text: statementFor(next, claim), values };
}

/** The outcome a row of the status statement stands for. */
export function statusOutcomeOf(row: ApplyStatusRow | undefined): Exclude<StatusOutcome, 'ignored'> {
  if (!row?.found) return 'unmatched';
  if (!row.inserted) return 'duplicate';
  return row.moved ? 'applied' : 'recorded';
}

/**
 * Applies one Meta status to our message in one statement (statementFor above), in the caller's
 * transaction. The message is found by wamid, or — when the wamid is not stored yet (an ambiguous
 * send) — by our id echoed in `biz_opaque_callback_data`, and then the wamid is stored. Every
 * status is recorded as a message event (deduplicated on message, status and Meta's timestamp);
 * the message's status only moves forward (compare and set against `statusesBefore`), so the order
 * webhooks arrive in does not matter. A status that matches no message is audit-logged.
 */
export async function applyStatusEvent(tx: Prisma.TransactionClient, input: ApplyStatusInput): Promise<StatusOutcome> {
  const statement = statusStatement(input);
  if (!statement) return 'ignored';
  const rows = await tx.$queryRawUnsafe<ApplyStatusRow[]>(statement.text, ...statement.values);
  return statusOutcomeOf(rows[0]);
}
