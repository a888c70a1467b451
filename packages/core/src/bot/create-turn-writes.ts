import type { Session } from '@switchboard/flow-engine';
import type { StoredSession } from '../flow-session/flow-session-store';
import { newRowId } from '../inbound/new-row-id';
import type { SqlClient } from '../ports/sql-pool';
import { customerEventOutboxSchema } from '../webhook/customer-event-outbox';
import type { ReplyDispatch } from './bot-reply-chain';
import { BOT_REPLY_PRIORITY, type BotReplyRow } from './enqueue-bot-reply';
import { CUSTOMER_EVENT_TOPIC } from './handoff-conversation';
import { OUTBOUND_SEND_TOPIC } from '../message/send-message';

/** A flow_sessions row as the turn leaves it (inserted when new, else updated). */
interface SessionWrite {
  id: string;
  flowVersionId: string;
  state: Session;
  status: Session['status'];
  waitingUntil: Date | null;
}

// $1 conversation, $2 workspace, $3 channel, $4 contact; sessions $5…$10; replies $11…$16 (in order, the ids
// are the message id of the first and the held rows' ids); the first reply's event, send outbox and
// customer-event outbox ids and payload $17…$20; $21 now; consumed inputs $22 $23.
const TURN_WRITE = `WITH sessions AS (
  INSERT INTO flow_sessions AS s (id, workspace_id, conversation_id, flow_version_id, state, current_node_id, status, waiting_until, updated_at)
  SELECT r.id, $2::uuid, $1::uuid, r.flow_version_id, r.state, r.current_node_id, r.status::"FlowSessionStatus", r.waiting_until, now()
  FROM unnest($5::uuid[], $6::uuid[], $7::jsonb[], $8::text[], $9::text[], $10::timestamptz[])
    WITH ORDINALITY AS r(id, flow_version_id, state, current_node_id, status, waiting_until, n)
  ORDER BY r.n
  ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, current_node_id = EXCLUDED.current_node_id, status = EXCLUDED.status,
    waiting_until = EXCLUDED.waiting_until, updated_at = now()
), replies AS (
  SELECT * FROM unnest($11::uuid[], $12::text[], $13::text[], $14::text[], $15::jsonb[])
    WITH ORDINALITY AS r(id, type, content_enc, trace_id, metadata, n)
), chain AS (
  SELECT pg_advisory_xact_lock(hashtextextended('bot-chain:' || $1::text, 0)) IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM bot_pending_replies WHERE conversation_id = $1::uuid)
    AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1::uuid AND direction = 'outbound' AND source = 'bot'
      AND status IN ('accepted', 'queued', 'sending')) AS free
  WHERE $16::int > 0
), first AS (
  SELECT r.* FROM replies r, chain WHERE r.n = 1 AND chain.free
), message AS (
  INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority,
    source, trace_id, metadata, created_at, updated_at)
  SELECT id, $2::uuid, $3::uuid, $1::uuid, $4::uuid, 'outbound', type, content_enc, 'queued', '${BOT_REPLY_PRIORITY}', 'bot', trace_id, metadata, $21, $21
  FROM first
  RETURNING id, trace_id
), queued_event AS (
  INSERT INTO message_events (id, workspace_id, message_id, status, at, source, trace_id)
  SELECT $17::uuid, $2::uuid, id, 'queued', $21, 'worker', trace_id FROM message
), send AS (
  INSERT INTO outbox_entries (id, topic, payload) SELECT $18::uuid, '${OUTBOUND_SEND_TOPIC}', jsonb_build_object('messageId', id::text) FROM message
), customer_event AS (
  INSERT INTO outbox_entries (id, topic, payload, created_at) SELECT $19::uuid, '${CUSTOMER_EVENT_TOPIC}', $20::jsonb, clock_timestamp() FROM message
), held AS (
  INSERT INTO bot_pending_replies (id, workspace_id, conversation_id, channel_id, contact_id, type, content_enc, trace_id, metadata)
  SELECT r.id, $2::uuid, $1::uuid, $3::uuid, $4::uuid, r.type, r.content_enc, r.trace_id, r.metadata
  FROM replies r WHERE NOT (r.n = 1 AND coalesce((SELECT free FROM chain), false))
  ORDER BY r.n
), consumed AS (
  UPDATE bot_turn_inputs i SET consumed_at = now(), outcome = c.outcome
  FROM unnest($22::uuid[], $23::text[]) AS c(id, outcome)
  WHERE i.id = c.id AND i.consumed_at IS NULL
)
SELECT coalesce((SELECT free FROM chain), false) AS free`;

/**
 * What a flow turn writes, collected while the engine runs and written by ONE statement before
 * COMMIT (it used to be a statement per session save, the chain check, each reply and the consumed
 * inputs): the final state of every session row the turn touched, the replies in order — the first
 * becomes a `queued` message with its event and outbox rows when no bot reply of the conversation
 * is in flight or held, the rest wait in `bot_pending_replies` (docs/bots.md, ordering) — and the
 * consumed inputs with their outcomes. Nothing in the turn reads these rows back before the write.
 */
export function createTurnWrites() {
  const sessions = new Map<string, SessionWrite>();
  const replies: BotReplyRow[] = [];
  const consumed = new Map<string, string>();

  const put = (write: SessionWrite): void => {
    // A row written twice in a turn is written once, in its last state (a new row keeps its insert).
    sessions.delete(write.id);
    sessions.set(write.id, write);
  };

  /** Ends a live session outside step() (runaway chain, a timer nobody answers, a flow that cannot resume). */
  const end = (live: StoredSession, reason: string): void => {
    const state: Session = { ...live.session, status: 'ended', waitingFor: null, endReason: reason };
    put({ id: live.row.id, flowVersionId: live.row.flowVersionId, state, status: 'ended', waitingUntil: null });
  };

  return {
    /** The turn's replies in order. */
    replies,
    /** Input id → outcome (`answered`, `merged`, …). */
    consumed,
    end,

    /** Records what step() returned for the live session; returns the new live session. */
    saveSession(input: { flowVersionId: string; previous: StoredSession | null; session: Session; waitingUntil: Date | null; replacedReason: string }): StoredSession {
      const { previous, session } = input;
      const waitingUntil = session.status === 'ended' ? null : input.waitingUntil;
      const keep = (id: string): StoredSession => ({ row: { id, flowVersionId: input.flowVersionId, waitingUntil, status: session.status }, session });
      // The same session (same start and version) keeps its row; a different one (restart, jump, new
      // start) ends the old row with `replacedReason` and gets a new one.
      const same = previous && previous.session.startedAt === session.startedAt && previous.row.flowVersionId === input.flowVersionId;
      if (previous && same) {
        put({ id: previous.row.id, flowVersionId: input.flowVersionId, state: session, status: session.status, waitingUntil });
        return keep(previous.row.id);
      }
      if (previous && previous.row.status !== 'ended') end(previous, input.replacedReason);
      const id = newRowId();
      put({ id, flowVersionId: input.flowVersionId, state: session, status: session.status, waitingUntil });
      return keep(id);
    },

    /** Writes everything on the turn's connection; returns the reply to dispatch after COMMIT (if any) and how many are held. */
    async flush(
      db: SqlClient,
      conversation: { id: string; workspaceId: string; channelId: string; contactId: string },
      now: Date,
    ): Promise<{ dispatch: ReplyDispatch[]; held: number }> {
      if (sessions.size === 0 && replies.length === 0 && consumed.size === 0) return { dispatch: [], held: 0 };
      const rows = [...sessions.values()];
      const ids = replies.map(() => newRowId());
      const firstId = ids[0] ?? null;
      const customerEvent = firstId && customerEventOutboxSchema.parse({
        type: 'message.status', workspaceId: conversation.workspaceId, messageId: firstId, from: null, to: 'queued', at: now.toISOString(),
      });
      const result = await db.query<{ free: boolean }>({
        name: 'sb_bot_turn_write',
        text: TURN_WRITE,
        values: [
          conversation.id, conversation.workspaceId, conversation.channelId, conversation.contactId,
          rows.map((s) => s.id), rows.map((s) => s.flowVersionId), rows.map((s) => JSON.stringify(s.state)),
          rows.map((s) => s.state.currentNodeId ?? null), rows.map((s) => s.status), rows.map((s) => s.waitingUntil),
          ids, replies.map((r) => r.type), replies.map((r) => r.contentEnc), replies.map((r) => r.traceId),
          replies.map((r) => (r.metadata === null ? null : JSON.stringify(r.metadata))), replies.length,
          newRowId(), newRowId(), newRowId(), customerEvent ? JSON.stringify(customerEvent) : null, now,
          [...consumed.keys()], [...consumed.values()],
        ],
      });
      const free = result.rows[0]?.free === true && firstId !== null;
      const dispatch: ReplyDispatch[] = free
        ? [{ messageId: firstId, workspaceId: conversation.workspaceId, channelId: conversation.channelId, priority: BOT_REPLY_PRIORITY }]
        : [];
      return { dispatch, held: replies.length - dispatch.length };
    },
  };
}

/** A turn's pending writes (`createTurnWrites`). */
export type TurnWrites = ReturnType<typeof createTurnWrites>;
