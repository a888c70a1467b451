import { parseWebhook } from '@switchboard/whatsapp';
import { afterEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../random';
import { ALICE, messagesPath, PHONE_NUMBER_ID, startHarness, TOKEN, type Harness } from '../testing/sandbox-harness';
import { faultProfileSchema, pickLatency, pickRequestFault } from './fault-profile';

const template = { messaging_product: 'whatsapp', to: ALICE, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
const faultsPath = `/_sandbox/numbers/${PHONE_NUMBER_ID}/faults`;
const benchNumber = { pair_rate: null, throughput_mps: 10_000, enforce_service_window: false };

describe('fault dice', () => {
  it('splits one draw by the shares, reproducibly for a seed', () => {
    const profile = faultProfileSchema.parse({ error_500_share: 0.2, error_429_share: 0.1, reset_share: 0.1 });
    const roll = (seed: number) => {
      const random = createSeededRandom(seed);
      const counts: Record<string, number> = {};
      for (let i = 0; i < 10_000; i += 1) {
        const fault = pickRequestFault(profile, random);
        counts[fault] = (counts[fault] ?? 0) + 1;
      }
      return counts;
    };
    const counts = roll(1);
    expect(roll(1)).toEqual(counts);
    expect(counts.error_500).toBeGreaterThan(1800);
    expect(counts.error_500).toBeLessThan(2200);
    expect(counts.error_429).toBeGreaterThan(850);
    expect(counts.error_429).toBeLessThan(1150);
    expect(counts.hang).toBeUndefined();
    expect(counts.none).toBeGreaterThan(5700);
  });

  it('keeps latency within ± jitter and never negative', () => {
    const random = createSeededRandom(3);
    const profile = faultProfileSchema.parse({ latency_ms: 10, jitter_ms: 30 });
    for (let i = 0; i < 1000; i += 1) {
      const latency = pickLatency(profile, random);
      expect(latency).toBeGreaterThanOrEqual(0);
      expect(latency).toBeLessThanOrEqual(40);
    }
  });
});

describe('fault injection over HTTP', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('answers 500 (131000) and 429 (130429) without accepting anything', async () => {
    h = await startHarness({ number: benchNumber });
    await h.control('PUT', faultsPath, { error_500_share: 1 });
    const fiveHundred = await h.graph('POST', messagesPath, template);
    expect(fiveHundred.status).toBe(500);
    expect((fiveHundred.body as { error: { code: number } }).error.code).toBe(131000);
    await h.control('PUT', faultsPath, { error_429_share: 1 });
    const throttled = await h.graph('POST', messagesPath, template);
    expect(throttled.status).toBe(429);
    expect((throttled.body as { error: { code: number } }).error.code).toBe(130429);
    expect(((await h.control('GET', '/_sandbox/ledger')).body as { total: number }).total).toBe(0);
  });

  it('fails about the configured share of sends, reproducibly with a seed', async () => {
    h = await startHarness({ number: benchNumber });
    const run = async () => {
      await h!.control('PUT', faultsPath, { error_500_share: 0.3, seed: 99 });
      const statuses: number[] = [];
      for (let i = 0; i < 100; i += 1) statuses.push((await h!.graph('POST', messagesPath, template)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
    expect(((await h.control('GET', '/_sandbox/ledger')).body as { total: number }).total).toBe(200 - 2 * failures);
  });

  it('resets the connection, before or after accepting the send', async () => {
    h = await startHarness({ number: benchNumber });
    await h.control('PUT', faultsPath, { reset_share: 1 });
    await expect(h.graph('POST', messagesPath, template)).rejects.toThrow();
    expect(((await h.control('GET', '/_sandbox/ledger')).body as { total: number }).total).toBe(0);
    await h.control('PUT', faultsPath, { reset_after_accept_share: 1 });
    await expect(h.graph('POST', messagesPath, template)).rejects.toThrow();
    expect(((await h.control('GET', '/_sandbox/ledger')).body as { total: number }).total).toBe(1);
  });

  it('hangs until the client gives up; after-accept hangs still reach the ledger', async () => {
    h = await startHarness({ number: benchNumber });
    const send = () =>
      fetch(`${h!.url}${messagesPath}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(template),
        signal: AbortSignal.timeout(150),
      });
    await h.control('PUT', faultsPath, { hang_share: 1 });
    await expect(send()).rejects.toThrow();
    await h.control('PUT', faultsPath, { hang_after_accept_share: 1 });
    await expect(send()).rejects.toThrow();
    const ledger = (await h.control('GET', '/_sandbox/ledger')).body as { total: number };
    expect(ledger.total).toBe(1);
  });

  it('drops every status webhook at drop share 1 and doubles them at duplicate share 1', async () => {
    h = await startHarness({ number: benchNumber });
    await h.control('PUT', faultsPath, { status_drop_share: 1 });
    await h.graph('POST', messagesPath, template);
    // Faults apply when a status is emitted, so wait for all three to be dropped before switching.
    const statusStats = () => h!.control('GET', '/_sandbox/stats').then((r) => (r.body as { statuses: { dropped: number } }).statuses);
    while ((await statusStats()).dropped < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await h.control('PUT', faultsPath, { status_duplicate_share: 1 });
    const res = await h.graph('POST', messagesPath, template);
    const wamid = (res.body as { messages: { id: string }[] }).messages[0]!.id;
    const posts = await h.receiver.waitFor((p) => p.length === 6);
    const events = posts.flatMap((p) => parseWebhook(JSON.parse(p.body)).events);
    expect(events.every((e) => e.kind === 'status' && e.wamid === wamid)).toBe(true);
    const stats = (await h.control('GET', '/_sandbox/stats')).body as { statuses: { dropped: number; duplicated: number } };
    expect(stats.statuses).toMatchObject({ dropped: 3, duplicated: 3 });
  });

  it('collects statuses within the reorder window and delivers them shuffled', async () => {
    h = await startHarness({ number: { ...benchNumber, status_delays_ms: { sent: 0, delivered: 0, read: 0 } } });
    await h.control('PUT', faultsPath, { status_reorder_window_ms: 50, seed: 5 });
    for (let i = 0; i < 10; i += 1) await h.graph('POST', messagesPath, template);
    const posts = await h.receiver.waitFor((p) => p.length === 30);
    const sequence = posts.flatMap((p) => parseWebhook(JSON.parse(p.body)).events).map((e) => (e.kind === 'status' ? `${e.wamid}:${e.status}` : ''));
    const byMessage = new Map<string, string[]>();
    for (const item of sequence) {
      const [wamid, status] = item.split(':') as [string, string];
      byMessage.set(wamid, [...(byMessage.get(wamid) ?? []), status]);
    }
    const outOfOrder = [...byMessage.values()].filter((s) => s.join() !== 'sent,delivered,read');
    expect(outOfOrder.length).toBeGreaterThan(0);
    const stats = (await h.control('GET', '/_sandbox/stats')).body as { statuses: { reordered_batches: number } };
    expect(stats.statuses.reordered_batches).toBeGreaterThanOrEqual(1);
  });
});
