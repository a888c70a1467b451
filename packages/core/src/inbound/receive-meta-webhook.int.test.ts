// The webhook ack's store on a real Postgres: webhooks received together share one INSERT, keep the
// order they were handled in (received_at), and a request whose row cannot be stored fails alone.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import { signPayload } from '@switchboard/whatsapp';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import type { SqlPool } from '../ports/sql-pool';
import { createChannelDirectory } from './channel-directory';
import { createTestChannel, textMessagePayload, type TestChannel } from './inbound-test-fixtures';
import { createMetaWebhookReceiver, type ReceiveOutcome } from './receive-meta-webhook';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });

let db: TestDatabase;
let pool: pg.Pool;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase('core_receive_meta_webhook');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** The pool, counting the INSERTs sent through it. */
function countingPool(): SqlPool & { inserts: number } {
  const counted = {
    inserts: 0,
    query: (...args: Parameters<SqlPool['query']>) => {
      const text = typeof args[0] === 'string' ? args[0] : args[0].text;
      if (text.startsWith('INSERT INTO inbound_webhooks')) counted.inserts += 1;
      return (pool.query as (...a: unknown[]) => ReturnType<SqlPool['query']>)(...args);
    },
  };
  return counted as SqlPool & { inserts: number };
}

function request(channel: TestChannel, body: string) {
  n += 1;
  const raw = JSON.stringify(textMessagePayload(channel, { wamid: `wamid.RECV${n}`, from: '15550001111', body, timestamp: 1_800_000_000 + n }));
  return { rawBody: Buffer.from(raw), body: JSON.parse(raw) as unknown, signature: signPayload(raw, channel.appSecret), traceId: n.toString(16).padStart(32, '0') };
}

function receiver(sql: SqlPool, dispatched: string[] = []) {
  return createMetaWebhookReceiver({
    sql,
    prisma: db.prisma,
    secretBox: box,
    logger,
    channels: createChannelDirectory({ prisma: db.prisma, secretBox: box }),
    dispatcher: { dispatchInboundWebhook: async ({ inboundWebhookId }) => void dispatched.push(inboundWebhookId) },
  });
}

describe('storing webhooks received together', () => {
  it('shares INSERTs, stores every webhook once and keeps the order they were handled in', async () => {
    const channel = await createTestChannel(db.prisma, box);
    const sql = countingPool();
    const dispatched: string[] = [];
    const receive = receiver(sql, dispatched);
    await receive.receive(request(channel, 'warm-up')); // caches the channel, so the next calls reach the INSERT together

    const bodies = Array.from({ length: 40 }, (_, i) => `m${i}`);
    sql.inserts = 0;
    const outcomes = await Promise.all(bodies.map((b) => receive.receive(request(channel, b))));

    const ids = outcomes.map((o) => (o.outcome === 'ok' ? o.inboundWebhookIds[0]! : ''));
    expect(outcomes.every((o) => o.outcome === 'ok')).toBe(true);
    expect(sql.inserts).toBeLessThan(bodies.length);
    expect(dispatched.slice(1)).toEqual(ids);
    const { rows } = await pool.query<{ id: string; raw_body_enc: string }>(
      'SELECT id::text, raw_body_enc FROM inbound_webhooks WHERE id = ANY($1::uuid[]) ORDER BY received_at',
      [ids],
    );
    // Every row once, in the order the requests were handled, with distinct arrival times.
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => (JSON.parse(box.decrypt(r.raw_body_enc)) as { entry: [{ changes: [{ value: { messages: [{ text: { body: string } }] } }] }] })
      .entry[0].changes[0].value.messages[0].text.body)).toEqual(bodies);
    const { rows: distinct } = await pool.query<{ n: number }>(
      'SELECT count(DISTINCT received_at)::int AS n FROM inbound_webhooks WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(distinct[0]!.n).toBe(bodies.length);
  });

  it('fails only the request whose row cannot be stored when it shared an INSERT with others', async () => {
    const good = await createTestChannel(db.prisma, box);
    const gone = await createTestChannel(db.prisma, box);
    const sql = countingPool();
    const receive = receiver(sql);
    // Both channels cached; then one is deleted, so its rows break the foreign key.
    await receive.receive(request(good, 'warm-up'));
    await receive.receive(request(gone, 'warm-up'));
    await db.prisma.channel.delete({ where: { id: gone.channelId } });

    sql.inserts = 0;
    const settled = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => receive.receive(request(good, `before ${i}`))),
      receive.receive(request(gone, 'lost channel')),
      ...Array.from({ length: 5 }, (_, i) => receive.receive(request(good, `after ${i}`))),
    ]);

    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isAppError(failed[0]!.reason) && failed[0]!.reason.code).toBe('service_unavailable');
    const ok = settled.filter((s): s is PromiseFulfilledResult<ReceiveOutcome> => s.status === 'fulfilled').map((s) => s.value);
    expect(ok).toHaveLength(10);
    const ids = ok.flatMap((o) => (o.outcome === 'ok' ? o.inboundWebhookIds : []));
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_webhooks WHERE id = ANY($1::uuid[])', [ids]);
    expect(rows[0]!.n).toBe(10);
    // The shared INSERT failed, then each request was stored alone.
    expect(sql.inserts).toBeGreaterThan(11);
  });
});
