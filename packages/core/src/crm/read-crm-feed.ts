import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { customerEventOutboxSchema, type ParsedCustomerEventOutbox } from '../webhook/customer-event-outbox';
import { commitOnConnection } from '../ports/commit-on-connection';
import type { SqlClient, SqlTransactionPool } from '../ports/sql-pool';
import { chatwootConfigSchema } from './crm-settings';
import type { CrmSyncTask } from './crm-sync-task';

/** A task to enqueue, after `delayMs`. */
export interface ScheduledCrmTask {
  task: CrmSyncTask;
  delayMs: number;
}

export interface CrmFeedResult {
  /** Another process is reading the feed. */
  busy: boolean;
  read: number;
  tasks: number;
}

const FEED = 'crm';
const LOCK = 'crm-feed';
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

interface CursorRow {
  locked: boolean;
  position: Date | null;
  last_id: string | null;
}

interface BatchRow {
  read: number;
  last_at: Date | null;
  last_id: string | null;
  id: string | null;
  payload: unknown;
  config: unknown;
}

// The first round trip, one simple-protocol message of constants: BEGIN; the feed lock and, only
// when it was taken, the cursor row (locked). Always one row, carrying `locked`.
const CLAIM = `BEGIN;
SELECT l.locked, c.position, c.last_id::text AS last_id
FROM (SELECT pg_try_advisory_xact_lock(hashtextextended('${LOCK}', 0)) AS locked) l
LEFT JOIN LATERAL (SELECT position, last_id FROM crm_feed_cursors WHERE l.locked AND name = '${FEED}' FOR UPDATE) c ON true`;

const START_CURSOR = `
  INSERT INTO crm_feed_cursors (name, position, last_id, updated_at)
  VALUES ($1, clock_timestamp() - make_interval(secs => $2::double precision), $3::uuid, now()) ON CONFLICT (name) DO NOTHING`;

// The next batch after the cursor, settled rows only. Every row of the batch moves the cursor (`read`,
// `last_at`, `last_id`), but only the rows of workspaces with an enabled Chatwoot integration come back
// (with its config): most workspaces have none, and every message's moves are customer events.
// Always one row at least; `id` is null when no row of the batch is wanted.
const BATCH = `
  WITH batch AS (
    SELECT id, payload, created_at FROM outbox_entries
    WHERE topic = $1 AND (created_at, id) > ($2::timestamptz, $3::uuid) AND created_at <= clock_timestamp() - make_interval(secs => $4::double precision)
    ORDER BY created_at, id LIMIT $5
  ), last AS (SELECT id, created_at FROM batch ORDER BY created_at DESC, id DESC LIMIT 1),
  wanted AS (
    SELECT b.id, b.payload, b.created_at, i.config FROM batch b
    JOIN integrations i ON i.workspace_id::text = b.payload->>'workspaceId' AND i.kind = 'chatwoot' AND i.enabled
  )
  SELECT (SELECT count(*)::int FROM batch) AS read, (SELECT created_at FROM last) AS last_at, (SELECT id::text FROM last) AS last_id,
    w.id::text AS id, w.payload, w.config
  FROM (SELECT 1) one LEFT JOIN wanted w ON true
  ORDER BY w.created_at, w.id`;

const MOVE_CURSOR = `UPDATE crm_feed_cursors SET position = $2::timestamptz, last_id = $3::uuid, updated_at = now() WHERE name = $1`;

/**
 * The CRM's consumer of the customer-event outbox, beside the webhook fan-out (which marks rows
 * published for itself): it keeps its own cursor over (created_at, id), turns the events of workspaces
 * with an enabled Chatwoot integration into sync tasks, hands them to `enqueue`, and moves the cursor
 * in the same transaction, so a failed enqueue reads the rows again. Rows younger than `settleMs` are
 * left for the next pass, because a transaction can commit a little after its row's created_at; a row
 * that commits later still is missed here and found by the reconciler. One reader at a time.
 *
 * It polls every CRM_FEED_INTERVAL_MS in every worker and reads every message's events, so it runs on
 * one `pg` connection, not Prisma: an idle pass is two round trips (BEGIN + lock + cursor; COMMIT), a
 * pass over events four (… ; batch; cursor; COMMIT), and only wanted rows leave Postgres.
 */
export async function readCrmFeed(
  deps: { sql: SqlTransactionPool },
  options: { batchSize?: number; settleMs: number; enqueue: (tasks: ScheduledCrmTask[]) => Promise<void> },
): Promise<CrmFeedResult> {
  return commitOnConnection(deps.sql, (client) => readOn(client, options));
}

async function readOn(
  client: SqlClient,
  options: { batchSize?: number; settleMs: number; enqueue: (tasks: ScheduledCrmTask[]) => Promise<void> },
): Promise<CrmFeedResult> {
  // A multi-statement text returns one result per statement (BEGIN, claim).
  const results = (await client.query(CLAIM)) as unknown as { rows: unknown[] }[];
  const cursor = (results[1]?.rows ?? [])[0] as CursorRow | undefined;
  if (!cursor?.locked) return { busy: true, read: 0, tasks: 0 };
  const settleSeconds = options.settleMs / 1000;
  if (!cursor.position || !cursor.last_id) {
    // First start: the live feed begins now; the reconciler backfills the recent past.
    await client.query(START_CURSOR, [FEED, settleSeconds, ZERO_UUID]);
    return { busy: false, read: 0, tasks: 0 };
  }
  const { rows } = await client.query<BatchRow>(BATCH, [CUSTOMER_EVENT_TOPIC, cursor.position, cursor.last_id, settleSeconds, options.batchSize ?? 500]);
  const head = rows[0];
  if (!head || head.read === 0 || !head.last_at || !head.last_id) return { busy: false, read: 0, tasks: 0 };

  const tasks = rows.flatMap((row) => {
    if (row.id === null) return [];
    const parsed = customerEventOutboxSchema.safeParse(row.payload);
    if (!parsed.success) return [];
    return tasksFor(row.id, parsed.data, chatwootConfigSchema.safeParse(row.config).data?.autoResumeMinutes ?? 0);
  });
  if (tasks.length) await options.enqueue(tasks);
  await client.query(MOVE_CURSOR, [FEED, head.last_at, head.last_id]);
  return { busy: false, read: head.read, tasks: tasks.length };
}

/** The sync work one customer event asks for. */
export function tasksFor(eventId: string, record: ParsedCustomerEventOutbox, autoResumeMinutes: number): ScheduledCrmTask[] {
  const now = (task: CrmSyncTask): ScheduledCrmTask => ({ task, delayMs: 0 });
  const workspaceId = record.workspaceId;
  switch (record.type) {
    case 'message.received':
      return [now({ kind: 'message', workspaceId, messageId: record.messageId })];
    case 'message.status': {
      if (record.to === 'queued') return record.from === null ? [now({ kind: 'message', workspaceId, messageId: record.messageId })] : [];
      const status = record.to === 'expired' ? 'failed' : record.to;
      if (status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed') {
        return [now({ kind: 'message_status', workspaceId, messageId: record.messageId, status })];
      }
      return [];
    }
    case 'conversation.handoff': {
      const tasks = [now({ kind: 'conversation_status', workspaceId, conversationId: record.conversationId, status: 'open', eventId })];
      if (autoResumeMinutes > 0) {
        tasks.push({ task: { kind: 'auto_resume', workspaceId, conversationId: record.conversationId, handoffAt: record.at }, delayMs: autoResumeMinutes * 60_000 });
      }
      return tasks;
    }
    case 'conversation.resumed':
      // A resume that came from the CRM (resolved, or set back to pending there) is already true there.
      if (record.reason?.startsWith('crm:')) return [];
      return [now({ kind: 'conversation_status', workspaceId, conversationId: record.conversationId, status: 'pending', eventId })];
  }
}
