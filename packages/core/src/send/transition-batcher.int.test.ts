// The send step's shared transition statement against a real Postgres: the same rows as one
// transition at a time (message, its event, the customer event's outbox row), each
// compare-and-set judged on its own, one statement for transitions that arrive together, and
// a shared statement that fails retried one by one.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type MessageStatus, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChannel, type TestChannel } from '../inbound/inbound-test-fixtures';
import type { SqlPool, SqlStatement } from '../ports/sql-pool';
import { createTransitionBatcher } from './transition-batcher';
import { transitionMessage, type MessageTransition } from './transition-message';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
let db: TestDatabase;
let pool: pg.Pool;
let channel: TestChannel;

beforeAll(async () => {
  db = await createTestDatabase('core_transition_batcher');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined);
  channel = await createTestChannel(db.prisma, box);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function newMessage(status: MessageStatus = 'queued', attempts = 0): Promise<string> {
  const row = await db.prisma.message.create({
    data: {
      workspaceId: channel.workspaceId, channelId: channel.channelId, direction: 'outbound', type: 'text',
      contentEnc: box.encryptJson({ text: { body: 'hi' } }), status, attempts, source: 'api', traceId: `trace-${Math.random()}`,
    },
  });
  return row.id;
}

/** A pool that counts statements (and can fail the shared one). */
function countingPool(failShared = false, firstDelayMs = 0) {
  const texts: string[] = [];
  const sql: SqlPool = {
    query: (async (statement: SqlStatement) => {
      texts.push(statement.name ?? (statement.text.includes('jsonb_to_recordset') ? 'shared' : statement.text));
      if (texts.length === 1 && firstDelayMs > 0) await new Promise((r) => setTimeout(r, firstDelayMs));
      if (failShared && statement.text.includes('jsonb_to_recordset')) throw new Error('shared statement refused');
      return pool.query(statement);
    }) as unknown as SqlPool['query'],
  };
  return { sql, texts };
}

const at = new Date('2026-12-07T10:00:00.123Z');
const moves = (id: string): MessageTransition[] => [
  { messageId: id, from: { status: 'queued', attempts: 0 }, to: 'sending', at, attempts: 1, nextAttemptAt: new Date(at.getTime() + 600_000) },
  {
    messageId: id, from: { status: 'sending', attempts: 1 }, to: 'sent', at: new Date(at.getTime() + 5), attempts: 1, nextAttemptAt: null,
    wamid: `wamid.${id}`, sentAt: new Date(at.getTime() + 5), error: null, detail: { wamid: `wamid.${id}` },
  },
];
const failing = (id: string): MessageTransition => ({
  messageId: id, from: { status: 'queued', attempts: 0 }, to: 'failed', at, attempts: 1, nextAttemptAt: null, failedAt: at,
  transientFailures: 2, possibleDuplicate: true,
  error: { code: 131026, info: { code: '131026', title: 'Message undeliverable', message: 'Receiver is incapable of receiving this message' } },
});

async function snapshot(id: string) {
  const [m] = await pool.query(
    `SELECT status, attempts, transient_failures, next_attempt_at, wamid IS NOT NULL AS has_wamid, sent_at, failed_at, error_code, last_error,
       possible_duplicate, updated_at FROM messages WHERE id = $1`,
    [id],
  ).then((r) => r.rows);
  const events = (await pool.query(
    `SELECT status, at, received_at, source, attempt, error_code, error, meta_payload IS NOT NULL AS has_detail, trace_id = (SELECT trace_id FROM messages WHERE id = $1) AS traced
     FROM message_events WHERE message_id = $1 ORDER BY at, status`,
    [id],
  )).rows;
  const outbox = (await pool.query(
    `SELECT topic, payload - 'messageId' AS payload FROM outbox_entries WHERE payload->>'messageId' = $1 ORDER BY created_at`,
    [id],
  )).rows;
  return { m, events, outbox };
}

describe('createTransitionBatcher', () => {
  it('writes exactly the rows of one-at-a-time transitions, in one statement for transitions that arrive together', async () => {
    const [a, b, c, d] = [await newMessage(), await newMessage(), await newMessage(), await newMessage()];
    // One at a time (the reference).
    for (const t of moves(a)) expect(await transitionMessage(pool, t)).toBe(true);
    expect(await transitionMessage(pool, failing(c))).toBe(true);
    // Together.
    const { sql, texts } = countingPool();
    const batched = createTransitionBatcher(sql);
    const [claimB, failD] = await Promise.all([batched(moves(b)[0]!), batched(failing(d))]);
    expect([claimB, failD]).toEqual([true, true]);
    expect(texts).toEqual(['shared']);
    expect(await batched(moves(b)[1]!)).toBe(true);

    const strip = (s: Awaited<ReturnType<typeof snapshot>>) => ({
      ...s,
      outbox: s.outbox.map((o) => ({ ...o, payload: { ...o.payload, workspaceId: 'w' } })),
    });
    expect(strip(await snapshot(b))).toEqual(strip(await snapshot(a)));
    expect(strip(await snapshot(d))).toEqual(strip(await snapshot(c)));
    expect((await snapshot(b)).outbox.map((o) => o.payload.to)).toEqual(['sent']);
    expect((await snapshot(d)).outbox.map((o) => o.payload.to)).toEqual(['failed']);
  });

  it('judges each compare-and-set on its own: a stale one is refused and writes nothing, the others move', async () => {
    const fresh = await newMessage();
    const moved = await newMessage('sending', 1);
    const { sql } = countingPool();
    const batched = createTransitionBatcher(sql);
    const results = await Promise.all([batched(moves(fresh)[0]!), batched(moves(moved)[0]!)]);
    expect(results).toEqual([true, false]);
    expect((await snapshot(moved)).events).toEqual([]);
    expect((await snapshot(moved)).m.status).toBe('sending');
    expect((await snapshot(fresh)).m.status).toBe('sending');
  });

  it('never puts two transitions of one message in the same statement: they apply in order', async () => {
    const id = await newMessage();
    // The first statement is slow, so a second one started beside it would overtake it.
    const { sql, texts } = countingPool(false, 100);
    const batched = createTransitionBatcher(sql);
    const [claimed, sent] = await Promise.all(moves(id).map((t) => batched(t)));
    expect([claimed, sent]).toEqual([true, true]);
    expect(texts.length).toBe(2);
    expect((await snapshot(id)).m.status).toBe('sent');
    expect((await snapshot(id)).events.map((e) => e.status)).toEqual(['sending', 'sent']);
  });

  it('retries each transition alone when the shared statement fails', async () => {
    const ids = [await newMessage(), await newMessage(), await newMessage()];
    const { sql, texts } = countingPool(true);
    const batched = createTransitionBatcher(sql);
    expect(await Promise.all(ids.map((id) => batched(moves(id)[0]!)))).toEqual([true, true, true]);
    expect(texts[0]).toBe('shared');
    expect(texts.slice(1).sort()).toEqual(['sb_transition_message', 'sb_transition_message', 'sb_transition_message']);
    for (const id of ids) expect((await snapshot(id)).m.status).toBe('sending');
  });

  it('shares statements under load: 60 concurrent claims take a handful of statements', async () => {
    const ids = await Promise.all(Array.from({ length: 60 }, () => newMessage()));
    const { sql, texts } = countingPool();
    const batched = createTransitionBatcher(sql, { maxBatch: 25 });
    expect((await Promise.all(ids.map((id) => batched(moves(id)[0]!)))).every(Boolean)).toBe(true);
    expect(texts.length).toBe(3);
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM message_events WHERE message_id = ANY($1::uuid[])`, [ids]);
    expect(rows[0]!.n).toBe(60);
  });
});
