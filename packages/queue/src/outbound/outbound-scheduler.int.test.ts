// The scheduler's Lua scripts against a real Redis, under a unique key prefix, with a test clock.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundEntry, OutboundLane } from './outbound-entry';
import { createOutboundScheduler, type OutboundSchedulerOptions } from './outbound-scheduler';

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
});
afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

function setup(options: OutboundSchedulerOptions = {}) {
  const clock = { t: 1_700_000_000_000 };
  const prefix = `test:{ob-${randomUUID()}}`;
  prefixes.push(prefix);
  const scheduler = createOutboundScheduler(redis, { prefix, now: () => clock.t, ...options });
  return { scheduler, clock };
}

const ws = (n: number) => `ws${n}`;
let seq = 0;
function entry(workspace: string, channel: string, lane: OutboundLane = 'default'): OutboundEntry {
  seq += 1;
  return { messageId: `${workspace}-${channel}-${lane}-${seq}`, workspaceId: workspace, channelId: channel, lane };
}

async function drain(scheduler: ReturnType<typeof setup>['scheduler'], max = 1) {
  const { entries } = await scheduler.dequeue(max);
  for (const e of entries) await scheduler.ack(e);
  return entries;
}

describe('outbound scheduler', () => {
  it('enqueues idempotently: the same message twice is scheduled once', async () => {
    const { scheduler } = setup();
    const e = entry('a', 'c1');
    expect(await scheduler.enqueue([e])).toBe(1);
    expect(await scheduler.enqueue([e, e])).toBe(0);
    await scheduler.setChannelRate('c1', 1000);
    const { entries } = await scheduler.dequeue(10);
    expect(entries.map((x) => x.messageId)).toEqual([e.messageId]);
    // Still leased: a new enqueue of the same id is ignored until it is acknowledged.
    expect(await scheduler.enqueue([e])).toBe(0);
    await scheduler.ack(entries[0]!);
    expect(await scheduler.enqueue([e])).toBe(1);
  });

  it('serves a higher lane first: a critical message overtakes a backlog of low ones', async () => {
    const { scheduler, clock } = setup();
    await scheduler.setChannelRate('c1', 1000);
    await scheduler.setChannelRate('c2', 1000);
    await scheduler.enqueue(Array.from({ length: 50 }, () => entry('a', 'c1', 'low')));
    const critical = entry('b', 'c2', 'critical');
    const high = entry('a', 'c1', 'high');
    await scheduler.enqueue([high, critical]);
    const first = await drain(scheduler, 2);
    expect(first.map((x) => x.messageId)).toEqual([critical.messageId, high.messageId]);
    clock.t += 1000;
    expect((await drain(scheduler, 1))[0]!.lane).toBe('low');
  });

  it('takes a lower lane when the higher lane is paced out on its number (work conserving)', async () => {
    const { scheduler } = setup();
    await scheduler.setChannelRate('slow', 1);
    await scheduler.setChannelRate('fast', 1000);
    await scheduler.enqueue([entry('a', 'slow', 'critical'), entry('a', 'slow', 'critical'), entry('b', 'fast', 'low')]);
    const got = await drain(scheduler, 3);
    expect(got.map((x) => `${x.channelId}/${x.lane}`)).toEqual(['slow/critical', 'fast/low']);
  });

  it('round-robins workspaces inside a lane: a flood from A does not starve B', async () => {
    const { scheduler, clock } = setup();
    for (const ch of ['a1', 'a2', 'b1', 'c1']) await scheduler.setChannelRate(ch, 1000);
    await scheduler.enqueue(Array.from({ length: 200 }, (_, i) => entry(ws(1), i % 2 === 0 ? 'a1' : 'a2')));
    await scheduler.enqueue([entry(ws(2), 'b1'), entry(ws(2), 'b1'), entry(ws(3), 'c1')]);
    const order: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      clock.t += 100;
      order.push(...(await drain(scheduler, 1)).map((x) => x.workspaceId));
    }
    // Within the first three picks every workspace was served once; B's second message before A's third.
    expect(new Set(order.slice(0, 3))).toEqual(new Set([ws(1), ws(2), ws(3)]));
    expect(order.indexOf(ws(2), order.indexOf(ws(2)) + 1)).toBeLessThan(6);
  });

  it('paces a number to its tier: at 10 mps with factor 0.85 no rolling second holds more than 10 sends', async () => {
    const { scheduler, clock } = setup();
    await scheduler.setChannelRate('c10', 10);
    await scheduler.enqueue(Array.from({ length: 60 }, () => entry('a', 'c10')));
    const sentAt: number[] = [];
    for (let step = 0; step < 5000 && sentAt.length < 40; step += 1) {
      clock.t += 7;
      const got = await drain(scheduler, 5);
      for (const _ of got) sentAt.push(clock.t);
    }
    for (let i = 0; i < sentAt.length; i += 1) {
      const inWindow = sentAt.filter((t) => t >= sentAt[i]! && t < sentAt[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
    expect(sentAt.length).toBe(40);
  });

  it('reports when a paced channel becomes ready, and a penalty pauses only that number', async () => {
    const { scheduler, clock } = setup();
    await scheduler.setChannelRate('x', 80);
    await scheduler.setChannelRate('y', 80);
    await scheduler.penalizeChannel('x', clock.t + 5000);
    await scheduler.enqueue([entry('a', 'x'), entry('b', 'y')]);
    const first = await scheduler.dequeue(5);
    expect(first.entries.map((x) => x.channelId)).toEqual(['y']);
    expect(first.wakeAt).toBeGreaterThan(clock.t + 4000);
    clock.t += 5001;
    expect((await scheduler.dequeue(5)).entries.map((x) => x.channelId)).toEqual(['x']);
  });

  it('defers with a due time, keeps a pacing reservation, and re-leases after a crash (expired lease)', async () => {
    const { scheduler, clock } = setup({ leaseMs: 1000 });
    await scheduler.setChannelRate('c', 1000);
    const e = entry('a', 'c');
    await scheduler.enqueue([e]);
    const [leased] = (await scheduler.dequeue(1)).entries;
    expect(await scheduler.defer(leased!, clock.t + 2000, clock.t + 2000)).toBe(true);
    expect((await scheduler.dequeue(1)).entries).toEqual([]);
    clock.t += 2001;
    const [again] = (await scheduler.dequeue(1)).entries;
    expect(again?.reservedUntil).toBe(clock.t - 1);
    // The worker dies: nothing happens until the lease runs out, then the entry is back.
    clock.t += 500;
    expect(await scheduler.reapExpiredLeases()).toBe(0);
    clock.t += 600;
    expect(await scheduler.reapExpiredLeases()).toBe(1);
    const [third] = (await scheduler.dequeue(1)).entries;
    expect(third?.messageId).toBe(e.messageId);
    // The dead worker's late ack must not remove the new lease.
    expect(await scheduler.ack(again!)).toBe(false);
    expect(await scheduler.has([e.messageId])).toEqual([true]);
    expect(await scheduler.ack(third!)).toBe(true);
    expect(await scheduler.has([e.messageId])).toEqual([false]);
  });

  it('holds a channel with an unknown tier to one send until its tier is recorded', async () => {
    const { scheduler } = setup();
    await scheduler.enqueue([entry('a', 'new'), entry('a', 'new')]);
    expect((await scheduler.dequeue(5)).entries).toHaveLength(1);
    expect((await scheduler.dequeue(5)).entries).toHaveLength(0);
    await scheduler.setChannelRate('new', 80);
    expect((await scheduler.dequeue(5)).entries).toHaveLength(1);
  });

  it('paces a recipient: a burst, then one slot per interval; a penalty empties only that pair', async () => {
    const { scheduler, clock } = setup();
    const pacing = { intervalMs: 6000, burst: 3 };
    const slots = [];
    for (let i = 0; i < 5; i += 1) slots.push((await scheduler.reserveRecipientSlot('c', '15551230001', pacing)) - clock.t);
    expect(slots).toEqual([0, 0, 0, 6000, 12000]);
    await scheduler.penalizeRecipient('c', '15551230002', clock.t + 4000, pacing);
    expect((await scheduler.reserveRecipientSlot('c', '15551230002', pacing)) - clock.t).toBe(4000);
    expect((await scheduler.reserveRecipientSlot('c', '15551230003', pacing)) - clock.t).toBe(0);
  });
});
