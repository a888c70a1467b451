import type { MessageStatus } from '@switchboard/db';
import { createCoalescer, type CoalescerOptions } from '../ports/create-coalescer';
import type { SqlPool } from '../ports/sql-pool';

/** The message with its channel and contact, as the send step reads it. */
export type StepRow = {
  id: string;
  direction: string;
  type: string;
  content_enc: string;
  status: MessageStatus;
  attempts: number;
  transient_failures: number;
  next_attempt_at: Date | null;
  created_at: Date;
  channel_id: string;
  channel_status: string;
  channel_deleted_at: Date | null;
  throughput_mps: number;
  channel_updated_at: Date;
  access_token_enc: string;
  graph_base_url: string | null;
  phone_number_id: string;
  wa_id: string | null;
  user_id: string | null;
};

const COLUMNS = `SELECT m.id, m.direction::text AS direction, m.type, m.content_enc, m.status::text AS status, m.attempts, m.transient_failures,
      m.next_attempt_at, m.created_at, ch.id AS channel_id, ch.status::text AS channel_status, ch.deleted_at AS channel_deleted_at,
      ch.throughput_mps, ch.updated_at AS channel_updated_at, ch.access_token_enc, ch.graph_base_url, ch.phone_number_id,
      ct.wa_id, ct.user_id
    FROM messages m JOIN channels ch ON ch.id = m.channel_id LEFT JOIN contacts ct ON ct.id = m.contact_id`;
const READ_ONE = { name: 'sb_send_step_read', text: `${COLUMNS} WHERE m.id = $1` };
// Planned on each run, not prepared: a generic plan made while `messages` is small (a new install, a
// truncated bench database) scans the whole table for `= ANY(…)` and is kept until the next ANALYZE.
const READ_MANY = { text: `${COLUMNS} WHERE m.id = ANY($1::uuid[])` };

/**
 * Reads a scheduled message with its channel and contact for the send step; the reads of steps that
 * start together (one dequeue hands the worker many messages) share one statement.
 */
export function createStepReader(sql: SqlPool, options: CoalescerOptions = { maxBatch: 100 }): (messageId: string) => Promise<StepRow | undefined> {
  return createCoalescer<string, StepRow | undefined>(
    (id) => id,
    async (ids) => {
      const { rows } = await sql.query<StepRow>({ ...READ_MANY, values: [ids] });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    async (id) => (await sql.query<StepRow>({ ...READ_ONE, values: [id] })).rows[0],
    options,
  );
}
