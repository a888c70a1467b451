// The customer-event fan-out claims the oldest pending customer events, 500 at a time. Its plan must
// walk `outbox_entries_customer_event_pending_idx` in the claim's (created_at, id) order and stop at
// the LIMIT, so a claim costs the batch, not the backlog: with an index on created_at alone, every
// claim read and sorted all pending events first.
import { createTestDatabase, planReads, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimStatement } from './fan-out-customer-events';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('fan_out_claim_plan');
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  // Statistics taken while nothing was pending (as autovacuum leaves them when a flood starts: the
  // planner then expects a handful of pending rows), then a flood's backlog of 20,000 customer events.
  await pool.query('ALTER TABLE outbox_entries SET (autovacuum_enabled = false)');
  const insert = (n: number, published: boolean) => `
    INSERT INTO outbox_entries (id, topic, payload, published_at, created_at)
    SELECT gen_random_uuid(), CASE WHEN g % 3 = 0 THEN 'outbound.send' ELSE 'customer_event' END,
      jsonb_build_object('type', 'message.status'), ${published ? 'now()' : 'NULL'}, now() - make_interval(secs => g / 1000.0)
    FROM generate_series(1, ${n}) g`;
  await pool.query(insert(30_000, true));
  await pool.query('ANALYZE outbox_entries');
  await pool.query(insert(30_000, false));
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the customer-event fan-out claim', () => {
  it('reads the pending index in order and sorts nothing before the LIMIT, even on statistics from before the backlog', async () => {
    const { rows } = await pool.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${claimStatement(500)}`);
    const plan = rows[0]!['QUERY PLAN'];
    expect(planReads(plan, 'outbox_entries')).toEqual(['Index Scan outbox_entries_customer_event_pending_idx']);
    // The only sort left is the outer one over the (at most 500) claimed rows.
    expect(JSON.stringify(plan).match(/"Node Type":"Sort"/g) ?? []).toHaveLength(1);
  });
});
