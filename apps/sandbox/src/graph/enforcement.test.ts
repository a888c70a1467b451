import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { ALICE, BOB, messagesPath, startHarness, textMessage, type Harness } from '../testing/sandbox-harness';

const HOUR = 3600_000;
const template = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } });
const codeOf = (body: unknown) => (body as { error?: { code: number } }).error?.code;

describe('Meta’s enforcement', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('closes the 24 h window: 131047 for free-form after it, templates still allowed (golden 13)', async () => {
    const clock = createManualClock();
    h = await startHarness({ clock });
    expect(codeOf((await h.graph('POST', messagesPath, textMessage(ALICE, 'never wrote'))).body)).toBe(131047);

    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    clock.advance(23 * HOUR + 59 * 60_000);
    expect((await h.graph('POST', messagesPath, textMessage(ALICE, 'at T+23h59m'))).status).toBe(200);

    clock.advance(60_000 + 1000);
    const late = await h.graph('POST', messagesPath, textMessage(ALICE, 'at T+24h+1s'));
    expect(late.status).toBe(400);
    expect(codeOf(late.body)).toBe(131047);

    clock.advance(24 * HOUR);
    expect((await h.graph('POST', messagesPath, template(ALICE))).status).toBe(200);
  });

  it('lets the window be switched off for benchmarks', async () => {
    h = await startHarness({ number: { enforce_service_window: false } });
    expect((await h.graph('POST', messagesPath, textMessage(BOB, 'cold'))).status).toBe(200);
  });

  it('refuses sends over the number’s throughput with 130429 until the second has passed', async () => {
    const clock = createManualClock();
    h = await startHarness({ clock, number: { throughput_mps: 5, pair_rate: null, enforce_service_window: false } });
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 7; i += 1) codes.push(codeOf((await h.graph('POST', messagesPath, template(i % 2 ? ALICE : BOB))).body));
    expect(codes.filter((c) => c === undefined)).toHaveLength(5);
    expect(codes.slice(5)).toEqual([130429, 130429]);
    clock.advance(1000);
    expect((await h.graph('POST', messagesPath, template(ALICE))).status).toBe(200);
  });

  it('limits the pair rate: 45 at once, the 46th within 6 s gets 131056, other users unaffected (golden 14)', async () => {
    const clock = createManualClock();
    h = await startHarness({ clock, number: { throughput_mps: 1000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 46; i += 1) {
      statuses.push((await h.graph('POST', messagesPath, template(ALICE))).status);
      clock.advance(100);
    }
    expect(statuses.slice(0, 45).every((s) => s === 200)).toBe(true);
    const refused = await h.graph('POST', messagesPath, template(ALICE));
    expect(refused.status).toBe(400);
    expect(codeOf(refused.body)).toBe(131056);
    expect((await h.graph('POST', messagesPath, template(BOB))).status).toBe(200);
  });

  it('never limits one message every 6 s to the same user', async () => {
    const clock = createManualClock();
    h = await startHarness({ clock });
    for (let i = 0; i < 100; i += 1) {
      expect((await h.graph('POST', messagesPath, template(ALICE))).status).toBe(200);
      clock.advance(6000);
    }
  });
});
