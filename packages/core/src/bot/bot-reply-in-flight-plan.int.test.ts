// The reply chain's "is a bot reply of this conversation still in flight?" must read only that
// conversation's in-flight replies, whatever the statistics say. Both statements that ask it are
// prepared statements (planned once per connection, then possibly by a generic plan), so these
// tests look at the plans Postgres actually uses for them: the statement is prepared by calling the
// real function on a one-connection pool, then `EXPLAIN EXECUTE` shows its plan on that connection.
// Without `messages_bot_in_flight_idx` the messages side was read through the status index (every
// in-flight message of every conversation) or through `messages_bot_flow_version_idx` (every bot
// message ever sent).
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, planReads, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChannel, type TestChannel } from '../inbound/inbound-test-fixtures';
import { promoteHeldReplies } from './bot-reply-chain';
import { createTurnWrites } from './create-turn-writes';

const box = createSecretBox(DEV_ENCRYPTION_KEY);

let db: TestDatabase;
let channel: TestChannel;
let pool: pg.Pool;
let conversationId: string;

async function planOf(client: pg.PoolClient, execute: string, mode: 'force_generic_plan' | 'force_custom_plan'): Promise<string[]> {
  await client.query(`SET plan_cache_mode = ${mode}`);
  try {
    const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${execute}`);
    return planReads(rows[0]!['QUERY PLAN'], 'messages');
  } finally {
    await client.query('RESET plan_cache_mode');
  }
}

beforeAll(async () => {
  db = await createTestDatabase('core_bot_in_flight_plan');
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  channel = await createTestChannel(db.prisma, box);
  // A table the size of a busy month's corner: 100 conversations, 6,000 bot replies long settled,
  // 4,000 API messages and a few replies in flight, with fresh statistics.
  await pool.query(
    `WITH contacts AS (
       INSERT INTO contacts (id, workspace_id, wa_id, updated_at)
       SELECT gen_random_uuid(), $1::uuid, '1555000' || lpad(g::text, 4, '0'), now() FROM generate_series(1, 100) g
       RETURNING id
     )
     INSERT INTO conversations (id, workspace_id, channel_id, contact_id, updated_at)
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, id, now() FROM contacts`,
    [channel.workspaceId, channel.channelId],
  );
  await pool.query(
    `INSERT INTO messages (id, workspace_id, channel_id, conversation_id, contact_id, direction, type, content_enc, status, priority,
       source, trace_id, metadata, created_at, updated_at)
     SELECT gen_random_uuid(), c.workspace_id, c.channel_id, c.id, c.contact_id, 'outbound', 'text', 'x',
       (CASE WHEN g <= 2 THEN 'queued' ELSE 'delivered' END)::"MessageStatus", 'high',
       (CASE WHEN g % 5 = 0 THEN 'api' ELSE 'bot' END)::"MessageSource", 't', jsonb_build_object('flow_version_id', 'v1'), now(), now()
     FROM conversations c, generate_series(1, 100) g`,
  );
  await pool.query('ANALYZE messages');
  const { rows } = await pool.query<{ id: string }>('SELECT id::text AS id FROM conversations ORDER BY id LIMIT 1');
  conversationId = rows[0]!.id;
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the in-flight bot reply check', () => {
  it('promotion of held replies reads only the conversation’s in-flight replies, in the generic and the custom plan', async () => {
    await promoteHeldReplies(pool, [conversationId]);
    const client = await pool.connect();
    try {
      const uuids = `ARRAY['${conversationId}']::uuid[]`;
      const execute = `EXECUTE sb_bot_promote_held_replies(${uuids}, ${uuids}, ${uuids}, ${uuids}, ${uuids}, now(), '')`;
      for (const mode of ['force_generic_plan', 'force_custom_plan'] as const) {
        expect(await planOf(client, execute, mode), mode).toEqual(['Index Only Scan messages_bot_in_flight_idx']);
      }
    } finally {
      client.release();
    }
  });

  it('a turn’s chain check reads only the conversation’s in-flight replies, in the generic and the custom plan', async () => {
    const { rows } = await pool.query<{ workspace_id: string; channel_id: string; contact_id: string }>(
      'SELECT workspace_id::text, channel_id::text, contact_id::text FROM conversations WHERE id = $1::uuid',
      [conversationId],
    );
    const conversation = { id: conversationId, workspaceId: rows[0]!.workspace_id, channelId: rows[0]!.channel_id, contactId: rows[0]!.contact_id };
    const writes = createTurnWrites();
    writes.replies.push({ ...conversation, conversationId, type: 'text', contentEnc: box.encrypt(JSON.stringify({ text: { body: 'hi' } })), traceId: 't', metadata: null });
    const client = await pool.connect();
    try {
      // Prepares the statement on this connection; rolled back, so the table keeps its shape.
      await client.query('BEGIN');
      await writes.flush(client, conversation, new Date());
      await client.query('ROLLBACK');
      // Only the plan is asked for, so every parameter may be null except the reply count, which gates the check.
      const params = Array.from({ length: 23 }, (_, i) => (i === 0 ? `'${conversationId}'` : i === 15 ? '1' : 'NULL'));
      const execute = `EXECUTE sb_bot_turn_write(${params.join(', ')})`;
      for (const mode of ['force_generic_plan', 'force_custom_plan'] as const) {
        const reads = await planOf(client, execute, mode);
        expect(reads, mode).toContain('Index Only Scan messages_bot_in_flight_idx');
        // The turn's other reads of messages (none today) may use any index, but never scan bot or in-flight rows at large.
        expect(reads.filter((r) => /messages_bot_flow_version_idx|messages_status_next_attempt_at_idx|Seq Scan/.test(r)), mode).toEqual([]);
      }
    } finally {
      client.release();
    }
  });
});
