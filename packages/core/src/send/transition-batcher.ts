import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { createCoalescer, type CoalescerOptions } from '../ports/create-coalescer';
import type { SqlPool, SqlStatement } from '../ports/sql-pool';
import { customerEventsForMove } from '../webhook/customer-event-outbox';
import { newEventId } from './new-event-id';
import { transitionMessage, type MessageTransition } from './transition-message';

// The same moves as transitionStatement, for many messages at once: each input row is one
// compare-and-set; rows whose message no longer matches `from` simply do not join `moved`.
// Planned on each run, not prepared (as step-reader.ts's READ_MANY): a generic plan made while
// `messages` is small would scan it whole for the `= ANY(…)` and be kept until the next ANALYZE.
const MOVE_MANY = {
  text: `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    id uuid, from_status "MessageStatus", from_attempts int, to_status "MessageStatus", attempts int,
    transient_failures int, next_attempt_at timestamptz, wamid text, sent_at timestamptz, failed_at timestamptz,
    set_error boolean, error_code int, error jsonb, possible_duplicate boolean, at timestamptz, event_id uuid,
    detail jsonb, outbox_id uuid, at_text text)
), moved AS (
  UPDATE messages m SET
    status = x.to_status,
    attempts = x.attempts,
    transient_failures = COALESCE(x.transient_failures, m.transient_failures),
    next_attempt_at = x.next_attempt_at,
    wamid = COALESCE(m.wamid, x.wamid),
    sent_at = COALESCE(m.sent_at, x.sent_at),
    failed_at = COALESCE(m.failed_at, x.failed_at),
    error_code = CASE WHEN x.set_error THEN x.error_code ELSE m.error_code END,
    last_error = CASE WHEN x.set_error THEN x.error ELSE m.last_error END,
    possible_duplicate = m.possible_duplicate OR x.possible_duplicate,
    updated_at = x.at
  FROM input x
  -- The id list lets the planner use the primary key: it cannot see how few rows the recordset has.
  WHERE m.id = ANY($2::uuid[]) AND m.id = x.id AND m.status = x.from_status AND m.attempts = x.from_attempts
  RETURNING m.id, m.workspace_id, m.trace_id
), customer_event AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at)
  SELECT x.outbox_id, '${CUSTOMER_EVENT_TOPIC}',
    jsonb_build_object('type', 'message.status', 'workspaceId', moved.workspace_id, 'messageId', moved.id,
      'from', x.from_status::text, 'to', x.to_status::text, 'at', x.at_text),
    clock_timestamp()
  FROM moved JOIN input x ON x.id = moved.id
  WHERE x.outbox_id IS NOT NULL
)
INSERT INTO message_events (id, workspace_id, message_id, status, at, received_at, source, attempt, error_code, error, meta_payload, trace_id)
SELECT x.event_id, moved.workspace_id, moved.id, x.to_status, x.at, x.at, 'worker'::"MessageEventSource", x.attempts, x.error_code,
  x.error, x.detail, moved.trace_id
FROM moved JOIN input x ON x.id = moved.id
RETURNING message_id`,
};

/** The input row of one transition (the columns of MOVE_MANY's recordset). */
function inputRow(t: MessageTransition) {
  const setError = t.error !== undefined;
  return {
    id: t.messageId,
    from_status: t.from.status,
    from_attempts: t.from.attempts,
    to_status: t.to,
    attempts: t.attempts,
    transient_failures: t.transientFailures ?? null,
    next_attempt_at: t.nextAttemptAt?.toISOString() ?? null,
    wamid: t.wamid ?? null,
    sent_at: t.sentAt?.toISOString() ?? null,
    failed_at: t.failedAt?.toISOString() ?? null,
    set_error: setError,
    error_code: t.error?.code ?? null,
    error: t.error ? t.error.info : null,
    possible_duplicate: t.possibleDuplicate ?? false,
    at: t.at.toISOString(),
    event_id: newEventId(t.at.getTime()),
    detail: t.detail ?? null,
    outbox_id: customerEventsForMove(t.from.status, t.to).length > 0 ? newEventId() : null,
    at_text: t.at.toISOString(),
  };
}

/** One statement for several transitions (each a compare-and-set with its event and customer event). */
function transitionManyStatement(transitions: MessageTransition[]): SqlStatement {
  return { ...MOVE_MANY, values: [JSON.stringify(transitions.map(inputRow)), transitions.map((t) => t.messageId)] };
}

/**
 * Applies transitions like `transitionMessage`, but the ones that arrive together (steps in flight at
 * the same time) share one statement and one commit (createCoalescer: one message never twice in a
 * statement, a failed shared statement retried row by row). Under load the send steps' claims and
 * outcomes then cost a fraction of a round trip each, in the worker (one socket write) and in Postgres
 * (one commit); alone, a transition still goes out at once.
 */
export function createTransitionBatcher(sql: SqlPool, options: CoalescerOptions = {}) {
  return createCoalescer<MessageTransition, boolean>(
    (t) => t.messageId,
    async (transitions) => {
      const { rows } = await sql.query<{ message_id: string }>(transitionManyStatement(transitions));
      const moved = new Set(rows.map((r) => r.message_id));
      return transitions.map((t) => moved.has(t.messageId));
    },
    (t) => transitionMessage(sql, t),
    options,
  );
}
