// The outbox relay and the stuck-message sweep: what Redis never got (or lost) is sent from Postgres.
import { createOutboundDispatcher } from '@switchboard/queue';
import { freePort } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../outbound/testing/outbound-harness';
import { sweepStuckMessages } from '../reconcile/sweep-stuck-messages';
import { planReads, Prisma } from '@switchboard/db';
import { claimUnpublishedSends, relayOutbox } from './relay-outbox';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('outbox_relay');
});
afterEach(async () => h?.stopProcessors());
afterAll(async () => h?.close());

describe('outbox relay', () => {
  it('sends a message committed while Redis was down once Redis is back', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    const message = await h.message(channel, '15551230001');
    const entry = await h.prisma.outboxEntry.create({ data: { topic: 'outbound.send', payload: { messageId: message.id } } });
    h.startProcessor();

    // Redis is down: nothing listens on this port.
    const down = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    down.on('error', () => undefined);
    const failed = await relayOutbox({ prisma: h.prisma, dispatcher: createOutboundDispatcher(down, { prefix: h.prefix }), graceMs: 0 });
    down.disconnect();
    expect(failed).toMatchObject({ claimed: 1, failed: true });
    const pending = await h.prisma.outboxEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(pending.publishedAt).toBeNull();
    expect(pending.attempts).toBe(1);
    expect(pending.lastError).toBeTruthy();
    expect((await h.statuses([message.id])).get(message.id)).toBe('queued');

    // Redis is back: the next pass publishes the row and the message goes out, once.
    const ok = await relayOutbox({ prisma: h.prisma, dispatcher: h.dispatcher, graceMs: 0 });
    expect(ok).toMatchObject({ claimed: 1, dispatched: 1, failed: false });
    expect((await h.prisma.outboxEntry.findUniqueOrThrow({ where: { id: entry.id } })).publishedAt).not.toBeNull();
    await h.waitFor(async () => (await h.statuses([message.id])).get(message.id) === 'sent', 20_000, 'sent');
    expect(await h.relayedAgain()).toMatchObject({ claimed: 0 });
    expect(await h.ledger({ messageId: message.id })).toHaveLength(1);
  });

  it('leaves young rows to the API hand-off and publishes rows of settled messages without dispatching them', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    const settled = await h.message(channel, '15551230002');
    await h.prisma.message.update({ where: { id: settled.id }, data: { status: 'delivered' } });
    await h.prisma.outboxEntry.create({ data: { topic: 'outbound.send', payload: { messageId: settled.id } } });
    expect(await relayOutbox({ prisma: h.prisma, dispatcher: h.dispatcher, graceMs: 60_000 })).toMatchObject({ claimed: 0 });
    expect(await relayOutbox({ prisma: h.prisma, dispatcher: h.dispatcher, graceMs: 0 })).toMatchObject({ claimed: 1, dispatched: 0 });
    expect(await h.scheduled([settled.id])).toEqual([false]);
  });
});

describe('relay claim plan', () => {
  it('reads only the sends still to publish, however many rows the outbox keeps', async () => {
    // What a busy day leaves: published sends and pending customer events by the thousand, a few sends pending.
    await h.prisma.$executeRaw`
      INSERT INTO outbox_entries (id, topic, payload, published_at, created_at)
      SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'outbound.send' ELSE 'customer_event' END,
        jsonb_build_object('messageId', gen_random_uuid()), CASE WHEN g % 2 = 0 AND g > 10 THEN now() END, now() - interval '1 minute'
      FROM generate_series(1, 6000) g`;
    try {
      await h.prisma.$executeRaw`ANALYZE outbox_entries`;
      const [row] = await h.prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(
        Prisma.sql`EXPLAIN (FORMAT JSON) ${claimUnpublishedSends(new Date(), 500)}`,
      );
      expect(planReads(row!['QUERY PLAN'], 'outbox_entries')).toEqual(['Index Scan outbox_entries_send_pending_idx']);
    } finally {
      await h.prisma.$executeRaw`DELETE FROM outbox_entries WHERE created_at < now() - interval '30 seconds'`;
    }
  });
});

describe('stuck-message sweep', () => {
  it('re-schedules a queued message Redis lost, and resends a crashed sending one past its wait as a possible duplicate', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    const lost = await h.message(channel, '15551230001');
    const crashed = await h.message(channel, '15551230002');
    // A worker died mid-call: `sending`, attempt 1, its ambiguity deadline passed, nothing in Redis.
    await h.prisma.message.update({ where: { id: crashed.id }, data: { status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) } });
    await h.prisma.$executeRaw`UPDATE messages SET updated_at = now() - interval '1 minute' WHERE id IN (${lost.id}::uuid, ${crashed.id}::uuid)`;
    h.startProcessor();
    expect(await sweepStuckMessages({ prisma: h.prisma, dispatcher: h.dispatcher, graceMs: 30_000 })).toBe(2);
    await h.waitFor(async () => [...(await h.statuses([lost.id, crashed.id])).values()].every((s) => s === 'sent'), 20_000, 'both sent');
    const rows = await h.prisma.message.findMany({ where: { id: { in: [lost.id, crashed.id] } }, orderBy: { attempts: 'asc' } });
    expect(rows.map((r) => [r.attempts, r.possibleDuplicate])).toEqual([
      [1, false],
      [2, true],
    ]);
    // A second sweep finds nothing missing.
    expect(await sweepStuckMessages({ prisma: h.prisma, dispatcher: h.dispatcher, graceMs: 30_000 })).toBe(0);
  });
});
