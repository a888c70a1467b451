import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import type { RecipientIdentity } from './create-missing-recipient';
import { recipientColumn } from './create-missing-recipient';

/** Topic of the outbox rows the relay turns into `outbound-message` jobs. */
export const OUTBOUND_SEND_TOPIC = 'outbound.send';

/** What one run of the accept statement saw and did. */
export type AcceptRow = {
  /** `active`/`disabled`, or null when the workspace has no live channel with this id. */
  channel_status: string | null;
  contact_id: string | null;
  conversation_id: string | null;
  window_expires_at: Date | null;
  /** 1 when the message (and everything with it) was written. */
  inserted: number;
  /** Keyed requests: whether this request held the key's advisory lock (null when it did not try). */
  locked: boolean | null;
  /** Keyed requests: the key's record as this statement's snapshot saw it (null columns when none). */
  prior_request_hash: string | null;
  prior_state: string | null;
  prior_response_status: number | null;
  prior_response_body: unknown;
  prior_expires_at: Date | null;
};

export interface AcceptValues {
  workspaceId: string;
  channelId: string;
  identity: RecipientIdentity;
  /** The message type needs an open 24 h window (free-form): it is written only if the window is open. */
  needsWindow: boolean;
  now: Date;
  messageId: string;
  type: string;
  contentEnc: string;
  priority: string;
  traceId: string;
  /** `messages.source`: api, agent or crm. */
  source: 'api' | 'agent' | 'crm';
  metadata: Record<string, unknown> | undefined;
  eventId: string;
  eventMetaPayload: Record<string, unknown> | null;
  sendOutboxId: string;
  customerOutboxId: string;
  idempotency?: {
    key: string;
    recordId: string;
    requestHash: string;
    /** The 202 body without conversation_id/contact_id, which the statement adds. */
    responseBody: Record<string, unknown>;
    expiresAt: Date;
  };
}

const statements = new Map<string, string>();

/**
 * The text of the accept statement for one recipient column, with or without an idempotency key
 * (four fixed texts, each prepared once per connection). One round trip reads the channel, the
 * contact and its conversation on the channel (with its window), the key's earlier record, and —
 * only when the channel is active, the recipient exists, the window allows the type, and the key is
 * new or expired — writes the message `queued`, its `queued` event, the `outbound.send` outbox entry,
 * the `message.status` customer event and the idempotency record. A single statement is atomic, so
 * it needs no BEGIN/COMMIT.
 *
 * Concurrent requests with one key: the statement takes a transaction-scoped advisory lock on
 * (workspace, key) before writing, so the loser learns `locked = false` at once (409) instead of
 * waiting; the lock ends with the statement, so a crash can never leave a key stuck in flight. A
 * record committed after this statement's snapshot is caught by `ON CONFLICT`: nothing is written
 * and the caller reads the record again. An expired record is replaced in place.
 */
function acceptStatementText(column: 'wa_id' | 'user_id', keyed: boolean): string {
  const id = `${column}:${keyed}`;
  const cached = statements.get(id);
  if (cached) return cached;
  // $1 workspace, $2 channel, $3 recipient, $4 needs window, $5 now, $6 message id, $7 type, $8 content,
  // $9 priority, $10 trace id, $11 metadata, $12 event id, $13 event meta_payload, $14 send outbox id,
  // $15 customer outbox id, $16 key; keyed: $17 record id, $18 request hash, $19 response body, $20 expires at;
  // last: the message source ($17 unkeyed, $21 keyed).
  const source = keyed ? '$21' : '$17';
  const text = `
WITH ch AS (
  SELECT id, status FROM channels WHERE id = $2 AND workspace_id = $1 AND deleted_at IS NULL
), ct AS (
  SELECT id FROM contacts WHERE workspace_id = $1 AND ${column} = $3
), cv AS (
  SELECT cv.id, cv.contact_id, cv.window_expires_at FROM conversations cv JOIN ct ON cv.contact_id = ct.id WHERE cv.channel_id = $2
)${keyed ? `, prior AS (
  SELECT request_hash, state::text AS state, response_status, response_body, expires_at
  FROM idempotency_records WHERE workspace_id = $1 AND key = $16
)` : ''}, ok AS (
  SELECT cv.id AS conversation_id, cv.contact_id FROM cv, ch
  WHERE ch.status = 'active' AND (NOT $4::boolean OR cv.window_expires_at > $5::timestamptz)${keyed ? `
    AND NOT EXISTS (SELECT 1 FROM prior WHERE prior.expires_at > $5::timestamptz)` : ''}
)${keyed ? `, lock AS (
  SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || ':' || $16::text, 0)) AS locked FROM ok
), idem AS (
  INSERT INTO idempotency_records (id, workspace_id, key, request_hash, state, response_status, response_body, message_id, locked_at, expires_at, created_at)
  SELECT $17, $1, $16, $18, 'done', 202,
    $19::jsonb || jsonb_build_object('conversation_id', ok.conversation_id, 'contact_id', ok.contact_id), $6, $5, $20, $5
  FROM ok, lock WHERE lock.locked
  ON CONFLICT (workspace_id, key) DO UPDATE SET id = EXCLUDED.id, request_hash = EXCLUDED.request_hash, state = EXCLUDED.state,
    response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body, message_id = EXCLUDED.message_id,
    locked_at = EXCLUDED.locked_at, expires_at = EXCLUDED.expires_at, created_at = EXCLUDED.created_at
  WHERE idempotency_records.expires_at <= $5::timestamptz
  RETURNING id
), go AS (
  SELECT ok.conversation_id, ok.contact_id FROM ok, idem
)` : `, go AS (
  SELECT conversation_id, contact_id FROM ok
)`}, m AS (
  INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority,
    source, idempotency_key, trace_id, metadata, created_at, updated_at)
  SELECT $6, $1, $2, go.conversation_id, go.contact_id, 'outbound', $7, $8, 'queued', $9::"MessagePriority",
    ${source}::"MessageSource", $16, $10, $11::jsonb, $5, $5
  FROM go
  RETURNING id
), e AS (
  INSERT INTO message_events (id, workspace_id, message_id, status, at, source, trace_id, meta_payload)
  SELECT $12, $1, m.id, 'queued', $5, 'api', $10, $13::jsonb FROM m
), o AS (
  INSERT INTO outbox_entries (id, topic, payload) SELECT $14, '${OUTBOUND_SEND_TOPIC}', jsonb_build_object('messageId', m.id) FROM m
), c AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at)
  SELECT $15, '${CUSTOMER_EVENT_TOPIC}', jsonb_build_object('type', 'message.status', 'workspaceId', $1::text, 'messageId', m.id::text,
    'from', NULL, 'to', 'queued', 'at', to_char($5::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')), clock_timestamp()
  FROM m
)
SELECT (SELECT status::text FROM ch) AS channel_status,
  (SELECT id::text FROM ct) AS contact_id,
  (SELECT id::text FROM cv) AS conversation_id,
  (SELECT window_expires_at FROM cv) AS window_expires_at,
  (SELECT count(*) FROM m)::int AS inserted,
  ${keyed ? `(SELECT locked FROM lock) AS locked,
  (SELECT request_hash FROM prior) AS prior_request_hash,
  (SELECT state FROM prior) AS prior_state,
  (SELECT response_status FROM prior) AS prior_response_status,
  (SELECT response_body FROM prior) AS prior_response_body,
  (SELECT expires_at FROM prior) AS prior_expires_at` : `NULL::boolean AS locked,
  NULL::text AS prior_request_hash, NULL::text AS prior_state, NULL::int AS prior_response_status,
  NULL::jsonb AS prior_response_body, NULL::timestamptz AS prior_expires_at`}`;
  statements.set(id, text);
  return text;
}

/** The accept statement and its parameters for one request (see acceptStatementText). */
export function acceptStatement(v: AcceptValues): { name: string; text: string; values: unknown[] } {
  const { column, value } = recipientColumn(v.identity);
  const keyed = v.idempotency !== undefined;
  const values: unknown[] = [
    v.workspaceId, v.channelId, value, v.needsWindow, v.now, v.messageId, v.type, v.contentEnc, v.priority, v.traceId,
    v.metadata === undefined ? null : JSON.stringify(v.metadata),
    v.eventId, v.eventMetaPayload === null ? null : JSON.stringify(v.eventMetaPayload), v.sendOutboxId, v.customerOutboxId,
    v.idempotency?.key ?? null,
  ];
  if (v.idempotency) {
    values.push(v.idempotency.recordId, v.idempotency.requestHash, JSON.stringify(v.idempotency.responseBody), v.idempotency.expiresAt);
  }
  values.push(v.source);
  return { name: `sb_accept_message_${column}_${keyed ? 'keyed' : 'plain'}`, text: acceptStatementText(column, keyed), values };
}
