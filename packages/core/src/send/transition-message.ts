import type { MessageStatus, PrismaClient } from '@switchboard/db';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import type { SqlPool, SqlStatement } from '../ports/sql-pool';
import { customerEventsForMove } from '../webhook/customer-event-outbox';
import type { SendErrorInfo } from './classify-send-failure';
import { newEventId } from './new-event-id';

/** One compare-and-set move of a message plus the event that records it. */
export interface MessageTransition {
  messageId: string;
  /** The state the caller observed; the move happens only if the row still has it. */
  from: { status: MessageStatus; attempts: number };
  to: MessageStatus;
  at: Date;
  attempts: number;
  transientFailures?: number;
  /** Replaces next_attempt_at (null clears it). */
  nextAttemptAt: Date | null;
  wamid?: string;
  sentAt?: Date;
  failedAt?: Date;
  /** Replaces error_code/last_error when given (null clears them); kept when undefined. */
  error?: { code: number | null; info: SendErrorInfo } | null;
  possibleDuplicate?: boolean;
  /** Extra detail for the event (meta_payload), e.g. the outcome of an ambiguous attempt. */
  detail?: Record<string, unknown>;
}

// $1 id, $2 from status, $3 from attempts, $4 to, $5 attempts, $6 transient failures, $7 next attempt,
// $8 wamid, $9 sent at, $10 failed at, $11 set error?, $12 error code, $13 error json, $14 possible duplicate,
// $15 at, $16 event id, $17 detail; with a customer event: $18 outbox id, $19 `at` as ISO text.
const MOVE = `
WITH moved AS (
  UPDATE messages SET
    status = $4::"MessageStatus",
    attempts = $5::int,
    transient_failures = COALESCE($6::int, transient_failures),
    next_attempt_at = $7::timestamptz,
    wamid = COALESCE(wamid, $8::text),
    sent_at = COALESCE(sent_at, $9::timestamptz),
    failed_at = COALESCE(failed_at, $10::timestamptz),
    error_code = CASE WHEN $11::boolean THEN $12::int ELSE error_code END,
    last_error = CASE WHEN $11::boolean THEN $13::jsonb ELSE last_error END,
    possible_duplicate = possible_duplicate OR $14::boolean,
    updated_at = $15::timestamptz
  WHERE id = $1::uuid AND status = $2::"MessageStatus" AND attempts = $3::int
  RETURNING id, workspace_id, trace_id
)`;
const CUSTOMER_EVENT = `, customer_event AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at)
  SELECT $18::uuid, '${CUSTOMER_EVENT_TOPIC}',
    jsonb_build_object('type', 'message.status', 'workspaceId', workspace_id, 'messageId', id,
      'from', $2::text, 'to', $4::text, 'at', $19::text),
    clock_timestamp()
  FROM moved
)`;
const EVENT = `
INSERT INTO message_events (id, workspace_id, message_id, status, at, received_at, source, attempt, error_code, error, meta_payload, trace_id)
SELECT $16::uuid, workspace_id, id, $4::"MessageStatus", $15::timestamptz, $15::timestamptz,
  'worker'::"MessageEventSource", $5::int, $12::int, $13::jsonb, $17::jsonb, trace_id
FROM moved
RETURNING id`;
const WITHOUT_CUSTOMER_EVENT = MOVE + EVENT;
const WITH_CUSTOMER_EVENT = MOVE + CUSTOMER_EVENT + EVENT;

/**
 * The statement of one transition: the compare-and-set, its message event and, for moves customers
 * see, the customer event's outbox row, as one CTE (two fixed texts, so pg prepares each once per
 * connection).
 */
export function transitionStatement(t: MessageTransition): SqlStatement {
  const setError = t.error !== undefined;
  const errorJson = t.error ? JSON.stringify(t.error.info) : null;
  const values: unknown[] = [
    t.messageId, t.from.status, t.from.attempts, t.to, t.attempts, t.transientFailures ?? null, t.nextAttemptAt,
    t.wamid ?? null, t.sentAt ?? null, t.failedAt ?? null, setError, t.error?.code ?? null, errorJson,
    t.possibleDuplicate ?? false, t.at, newEventId(t.at.getTime()), t.detail ? JSON.stringify(t.detail) : null,
  ];
  if (customerEventsForMove(t.from.status, t.to).length === 0) {
    return { name: 'sb_transition_message', text: WITHOUT_CUSTOMER_EVENT, values };
  }
  values.push(newEventId(), t.at.toISOString());
  return { name: 'sb_transition_message_customer_event', text: WITH_CUSTOMER_EVENT, values };
}

/**
 * Applies a transition and writes its message event (and, for moves customers see, the customer
 * event's outbox row) in one statement, so the move and its records are atomic and cost one round
 * trip. Runs on a plain pg pool (the send step) or Prisma. Returns false when the row no longer
 * matched `from` (another worker, or Meta's status webhook, moved it first).
 */
export async function transitionMessage(db: SqlPool | PrismaClient, t: MessageTransition): Promise<boolean> {
  const statement = transitionStatement(t);
  if ('$queryRawUnsafe' in db) return (await db.$queryRawUnsafe<{ id: string }[]>(statement.text, ...statement.values)).length === 1;
  return (await db.query<{ id: string }>(statement)).rows.length === 1;
}
