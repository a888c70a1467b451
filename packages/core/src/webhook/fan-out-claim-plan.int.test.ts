// The customer-event fan-out claims the oldest pending customer events, 500 at a time. Its plan must
// walk `outbox_entries_customer_event_pending_idx` in the claim's (created_at, id) order and stop at
// the LIMIT, so a claim costs the batch, not the backlog. The trap is statistics taken while nothing
// was pending: the planner then expects a row or two, and any plan that reads every pending row and
// sorts them looks as cheap (in the benchmark, 10 ms a claim on average instead of ~2). Without
// CLAIM_PLANNER_SETTINGS this test fails: the plan sorts every pending row before the LIMIT.
import { createTestDatabase, planReads, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_PLANNER_SETTINGS, claimStatement } from './fan-out-customer-events';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('fan_out_claim_plan');
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  // Statistics from a table where everything was published, then a flood's backlog: 20,000 pending
  // customer events among 10,000 pending sends. Rows were written by many transactions over time, so
  // created_at does not follow the rows' physical order (random here).
  await pool.query('ALTER TABLE outbox_entries SET (autovacuum_enabled = false)');
  const insert = (n: number, published: boolean) => `
    INSERT INTO outbox_entries (id, topic, payload, published_at, created_at)
    SELECT gen_random_uuid(), CASE WHEN g % 3 = 0 THEN 'outbound.send' ELSE 'customer_event' END,
      jsonb_build_object('type', 'message.status'), ${published ? 'now()' : 'NULL'}, now() - make_interval(secs => random() * 60)
    FROM generate_series(1, ${n}) g`;
  await pool.query(insert(30_000, true));
  await pool.query('ANALYZE outbox_entries');
  await pool.query(insert(30_000, false));
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function claimPlan(settings: readonly string[]): Promise<unknown> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const setting of settings) await client.query(setting);
    const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${claimStatement(500)}`);
    return rows[0]!['QUERY PLAN'];
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('the customer-event fan-out claim', () => {
  it('walks the pending index in order, sorts nothing before the LIMIT and compiles nothing, on statistics from before the backlog', async () => {
    const plan = await claimPlan(CLAIM_PLANNER_SETTINGS);
    expect(planReads(plan, 'outbox_entries')).toEqual(['Index Scan outbox_entries_customer_event_pending_idx']);
    const text = JSON.stringify(plan);
    // The only sort left is the outer one over the (at most 500) claimed rows.
    expect(text.match(/"Node Type":"(Incremental )?Sort"/g)).toEqual(['"Node Type":"Sort"']);
    expect(text).not.toContain('"JIT"');
  });
});
