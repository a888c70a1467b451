// The outbound pipeline end to end: real Postgres, real Redis (unique key prefix), the sandbox over
// real HTTP, and the outbound processor in-process.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/outbound-harness';

let h: Harness;
type Msg = Awaited<ReturnType<Harness['message']>>;
beforeAll(async () => {
  h = await startHarness('outbound');
});
afterEach(async () => h?.stopProcessors());
afterAll(async () => h?.close());

const ALICE = '15551230001';
const BOB = '15551230002';
const recipient = (i: number) => `1555777${String(i).padStart(4, '0')}`;
const terminalOr = (statuses: string[]) => (s: string | undefined) => s !== undefined && statuses.includes(s);

async function eventsOf(messageId: string) {
  return h.prisma.messageEvent.findMany({ where: { messageId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
}

describe('outbound pipeline', () => {
  it('sends a queued message: CAS to sending, our id in biz_opaque_callback_data, wamid stored, sent', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    const message = await h.message(channel, ALICE);
    h.startProcessor();
    await h.dispatch([message]);
    const sent = await h.waitFor(async () => {
      const row = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
      return row.status === 'sent' && row;
    });
    const ledger = await h.ledger({ messageId: message.id });
    expect(ledger).toHaveLength(1);
    expect(sent.wamid).toBe((ledger[0] as unknown as { wamid: string }).wamid);
    expect(sent.attempts).toBe(1);
    expect((await eventsOf(message.id)).map((e) => [e.status, e.source, e.attempt])).toEqual([
      ['queued', 'api', null],
      ['sending', 'worker', 1],
      ['sent', 'worker', 1],
    ]);
  });

  it('lets a critical message overtake a backlog of low ones on the same number', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { throughputMps: 20 });
    const lows: Msg[] = [];
    for (let i = 0; i < 40; i += 1) lows.push(await h.message(channel, recipient(i), 'low'));
    const critical = await h.message(channel, recipient(100), 'critical');
    h.startProcessor();
    await h.dispatch(lows);
    await h.dispatch([critical]);
    await h.waitFor(async () => (await h.statuses([critical.id])).get(critical.id) === 'sent', 20_000, 'critical sent');
    const order = (await h.ledger({ phoneNumberId: channel.phoneNumberId })).map((e) => e.biz_opaque_callback_data);
    // A few lows may have left before the critical one was enqueued; never the backlog.
    expect(order.indexOf(critical.id)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(critical.id)).toBeLessThan(6);
    expect(order.length).toBeLessThan(30);
  });

  it('keeps workspace B flowing while workspace A floods the same lane', async () => {
    const a = await h.workspace('a');
    const b = await h.workspace('b');
    const channelA = await h.channel(a.id, { throughputMps: 1000 });
    const channelB = await h.channel(b.id, { throughputMps: 1000 });
    const flood: Msg[] = [];
    for (let i = 0; i < 150; i += 1) flood.push(await h.message(channelA, recipient(i)));
    const few: Msg[] = [];
    for (let i = 0; i < 5; i += 1) few.push(await h.message(channelB, recipient(i)));
    // Worker capacity, not Meta, is the bottleneck here.
    h.startProcessor({ OUTBOUND_CONCURRENCY: '2' });
    await h.dispatch(flood);
    await h.dispatch(few);
    await h.waitFor(async () => [...(await h.statuses(few.map((m) => m.id))).values()].every((s) => s === 'sent'), 30_000, 'B sent');
    const sentA = [...(await h.statuses(flood.map((m) => m.id))).values()].filter((s) => s === 'sent').length;
    // Round-robin: B's five went out while A still had most of its flood waiting.
    expect(sentA).toBeLessThan(60);
  });

  it('paces a 10 mps number so Meta never answers 130429', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { throughputMps: 10 });
    const messages: Msg[] = [];
    for (let i = 0; i < 20; i += 1) messages.push(await h.message(channel, recipient(i)));
    h.startProcessor();
    await h.dispatch(messages);
    await h.waitFor(async () => [...(await h.statuses(messages.map((m) => m.id))).values()].every((s) => s === 'sent'), 30_000, 'all sent');
    const throttled = await h.prisma.messageEvent.count({ where: { messageId: { in: messages.map((m) => m.id) }, errorCode: 130429 } });
    expect(throttled).toBe(0);
    expect(await h.ledger({ phoneNumberId: channel.phoneNumberId })).toHaveLength(20);
  });

  it('fails a permanent error (131047, window closed) at once with Meta code and title', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { enforceServiceWindow: true });
    const message = await h.message(channel, ALICE);
    h.startProcessor();
    await h.dispatch([message]);
    const row = await h.waitFor(async () => {
      const r = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
      return r.status === 'failed' && r;
    });
    expect(row.attempts).toBe(1);
    expect(row.errorCode).toBe(131047);
    expect(row.lastError).toMatchObject({ code: 131047, title: 'Re-engagement message' });
    expect((await eventsOf(message.id)).at(-1)).toMatchObject({ status: 'failed', errorCode: 131047, attempt: 1 });
  });

  it('retries 500s on the (shrunk) table with jitter, then sends once Meta recovers', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    await h.faults(channel.phoneNumberId, { error_500_share: 1 });
    const message = await h.message(channel, ALICE);
    // Scale 0.01: 20 ms, 40 ms, 80 ms, 160 ms, …
    h.startProcessor({ RETRY_TIME_SCALE: '0.01' });
    await h.dispatch([message]);
    await h.waitFor(async () => (await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } })).transientFailures >= 4, 20_000, '4 failures');
    await h.faults(channel.phoneNumberId, {});
    await h.waitFor(async () => (await h.statuses([message.id])).get(message.id) === 'sent', 20_000, 'sent');
    const retries = (await eventsOf(message.id)).filter((e) => e.status === 'queued' && e.source === 'worker');
    expect(retries.length).toBeGreaterThanOrEqual(4);
    retries.slice(0, 4).forEach((event, i) => {
      expect(event.errorCode).toBe(131000);
      const next = new Date((event.metaPayload as { next_attempt_at: string }).next_attempt_at).getTime();
      const base = [20, 40, 80, 160][i]!;
      const delay = next - event.at.getTime();
      expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8) - 1);
      expect(delay).toBeLessThanOrEqual(base);
    });
    expect(await h.ledger({ messageId: message.id })).toHaveLength(1);
  });

  it('after the table reconciles periodically and finally expires the message', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id);
    await h.faults(channel.phoneNumberId, { error_500_share: 1 });
    const message = await h.message(channel, ALICE);
    // 7 days → about 3 s; 6 h → about 107 ms; the table rounds to 1 ms steps.
    h.startProcessor({ RETRY_TIME_SCALE: String(3000 / 604_800_000) });
    await h.dispatch([message]);
    const row = await h.waitFor(async () => {
      const r = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
      return r.status === 'expired' && r;
    }, 20_000, 'expired');
    expect(row.transientFailures).toBeGreaterThan(8);
    const phases = (await eventsOf(message.id)).map((e) => (e.metaPayload as { retry?: string } | null)?.retry).filter(Boolean);
    expect(phases.slice(0, 8).every((p) => p === 'table')).toBe(true);
    expect(phases).toContain('reconcile');
    expect(await h.ledger({ messageId: message.id })).toHaveLength(0);
  });

  it('slows only the throttled number on 130429; others proceed; no retry budget is spent', async () => {
    const ws = await h.workspace();
    const throttled = await h.channel(ws.id);
    const healthy = await h.channel(ws.id);
    await h.faults(throttled.phoneNumberId, { error_429_share: 1 });
    const onThrottled = [await h.message(throttled, ALICE), await h.message(throttled, BOB)];
    const onHealthy = [await h.message(healthy, ALICE), await h.message(healthy, BOB)];
    h.startProcessor({ OUTBOUND_NUMBER_THROTTLE_MS: '300' });
    await h.dispatch([...onThrottled, ...onHealthy]);
    await h.waitFor(async () => [...(await h.statuses(onHealthy.map((m) => m.id))).values()].every((s) => s === 'sent'), 20_000, 'healthy sent');
    await h.waitFor(async () => (await h.prisma.messageEvent.count({ where: { messageId: { in: onThrottled.map((m) => m.id) }, errorCode: 130429 } })) >= 3, 20_000, 'throttled');
    await h.faults(throttled.phoneNumberId, {});
    await h.waitFor(async () => [...(await h.statuses(onThrottled.map((m) => m.id))).values()].every((s) => s === 'sent'), 20_000, 'throttled sent');
    const rows = await h.prisma.message.findMany({ where: { id: { in: onThrottled.map((m) => m.id) } } });
    expect(rows.every((r) => r.transientFailures === 0)).toBe(true);
    const healthyThrottles = await h.prisma.messageEvent.count({ where: { messageId: { in: onHealthy.map((m) => m.id) }, errorCode: 130429 } });
    expect(healthyThrottles).toBe(0);
  });

  it('slows only the recipient on 131056; the number keeps sending to others', async () => {
    const ws = await h.workspace();
    // Meta's pair limit (burst 2 per 400 ms here) is tighter than our pacing (burst 40): 131056 happens.
    const channel = await h.channel(ws.id, { pairRate: { burst: 2, interval_ms: 400 } });
    const toAlice: Msg[] = [];
    for (let i = 0; i < 5; i += 1) toAlice.push(await h.message(channel, ALICE, 'default', `a${i}`));
    const toBob = [await h.message(channel, BOB), await h.message(channel, BOB)];
    h.startProcessor({ OUTBOUND_RECIPIENT_THROTTLE_MS: '400', OUTBOUND_PAIR_INTERVAL_MS: '400' });
    await h.dispatch([...toAlice, ...toBob]);
    const all = [...toAlice, ...toBob].map((m) => m.id);
    await h.waitFor(async () => [...(await h.statuses(all)).values()].every(terminalOr(['sent'])), 30_000, 'all sent');
    const aliceThrottles = await h.prisma.messageEvent.count({ where: { messageId: { in: toAlice.map((m) => m.id) }, errorCode: 131056 } });
    const bobThrottles = await h.prisma.messageEvent.count({ where: { messageId: { in: toBob.map((m) => m.id) }, errorCode: 131056 } });
    expect(aliceThrottles).toBeGreaterThan(0);
    expect(bobThrottles).toBe(0);
    expect(await h.ledger({ phoneNumberId: channel.phoneNumberId })).toHaveLength(7);
  });

  it('never resends an ambiguous send that Meta accepted: the status webhook settles it', async () => {
    const ws = await h.workspace();
    // Meta's statuses arrive after our call timed out, so the attempt is first recorded as ambiguous.
    const channel = await h.channel(ws.id, { statusWebhooks: true, statusDelaysMs: { sent: 800, delivered: 900, read: null } });
    await h.faults(channel.phoneNumberId, { hang_after_accept_share: 1 });
    const message = await h.message(channel, ALICE);
    h.startProcessor({ OUTBOUND_SEND_TIMEOUT_MS: '300', RETRY_TIME_SCALE: '1', OUTBOUND_AMBIGUOUS_WAIT_MS: '1500' });
    await h.dispatch([message]);
    const row = await h.waitFor(async () => {
      const r = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
      return ['delivered', 'read'].includes(r.status) && r;
    }, 20_000, 'delivered');
    // Past the ambiguity wait, the worker looked again and left it alone.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await h.ledger({ messageId: message.id })).toHaveLength(1);
    const after = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after.attempts).toBe(1);
    expect(after.possibleDuplicate).toBe(false);
    expect(after.wamid).toBe(row.wamid);
    const ambiguous = (await eventsOf(message.id)).filter((e) => (e.metaPayload as { ambiguous?: boolean } | null)?.ambiguous);
    expect(ambiguous).toHaveLength(1);
  });

  it('resends an ambiguous send only after the wait, and flags it as a possible duplicate', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { statusWebhooks: true });
    await h.faults(channel.phoneNumberId, { hang_after_accept_share: 1, status_drop_share: 1 });
    const message = await h.message(channel, ALICE);
    h.startProcessor({ OUTBOUND_SEND_TIMEOUT_MS: '300', RETRY_TIME_SCALE: '1', OUTBOUND_AMBIGUOUS_WAIT_MS: '1500' });
    await h.dispatch([message]);
    await h.waitFor(async () => (await eventsOf(message.id)).some((e) => (e.metaPayload as { ambiguous?: boolean } | null)?.ambiguous), 20_000, 'ambiguous');
    await h.faults(channel.phoneNumberId, { status_drop_share: 1 });
    const row = await h.waitFor(async () => {
      const r = await h.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
      return r.status === 'sent' && r;
    }, 20_000, 'sent');
    expect(row.possibleDuplicate).toBe(true);
    expect(row.attempts).toBe(2);
    expect(await h.ledger({ messageId: message.id })).toHaveLength(2);
  });

  it('sends each message once when two processors share the scheduler', async () => {
    const ws = await h.workspace();
    const channel = await h.channel(ws.id, { throughputMps: 1000, pairRate: null });
    const messages: Msg[] = [];
    for (let i = 0; i < 100; i += 1) messages.push(await h.message(channel, recipient(i % 7)));
    h.startProcessor();
    h.startProcessor();
    await h.dispatch(messages);
    await h.dispatch(messages);
    await h.waitFor(async () => [...(await h.statuses(messages.map((m) => m.id))).values()].every((s) => s === 'sent'), 30_000, 'all sent');
    const ledger = await h.ledger({ phoneNumberId: channel.phoneNumberId });
    expect(ledger).toHaveLength(100);
    expect(new Set(ledger.map((e) => e.biz_opaque_callback_data)).size).toBe(100);
  });
});
