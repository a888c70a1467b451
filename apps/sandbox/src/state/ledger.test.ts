import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock';
import { ALICE, BOB, messagesPath, PHONE_NUMBER_ID, startHarness, textMessage, type Harness } from '../testing/sandbox-harness';

interface LedgerView {
  data: { wamid: string; phone_number_id: string; to: string; type: string; body: unknown; biz_opaque_callback_data: string | null; accepted_at: string; accepted_at_ms: number }[];
  total: number;
}

describe('ledger', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('records every accepted send (and only those), filters, and resets', async () => {
    const clock = createManualClock(Date.UTC(2026, 5, 1));
    h = await startHarness({ clock });
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    await h.inbound(BOB, { type: 'text', text: { body: 'hi' } });
    const first = await h.graph('POST', messagesPath, textMessage(`+${ALICE}`, 'one', { biz_opaque_callback_data: 'op-1' }));
    clock.advance(5000);
    await h.graph('POST', messagesPath, textMessage(BOB, 'two'));
    await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: ALICE, type: 'interactive', interactive: { type: 'button' } });

    const all = (await h.control('GET', '/_sandbox/ledger')).body as LedgerView;
    expect(all.total).toBe(2);
    const entry = all.data[0]!;
    expect(entry).toMatchObject({
      wamid: (first.body as { messages: { id: string }[] }).messages[0]!.id,
      phone_number_id: PHONE_NUMBER_ID,
      to: ALICE,
      type: 'text',
      biz_opaque_callback_data: 'op-1',
      accepted_at: '2026-06-01T00:00:00.000Z',
    });
    expect(entry.body).toEqual(textMessage(`+${ALICE}`, 'one', { biz_opaque_callback_data: 'op-1' }));
    expect(all.data[1]!.biz_opaque_callback_data).toBeNull();

    expect(((await h.control('GET', `/_sandbox/ledger?to=${BOB}`)).body as LedgerView).data.map((e) => e.to)).toEqual([BOB]);
    expect(((await h.control('GET', '/_sandbox/ledger?biz_opaque_callback_data=op-1')).body as LedgerView).total).toBe(1);
    expect(((await h.control('GET', `/_sandbox/ledger?since=${Date.UTC(2026, 5, 1) + 1000}`)).body as LedgerView).total).toBe(1);
    expect(((await h.control('GET', '/_sandbox/ledger?since=2026-06-01T00:00:04Z')).body as LedgerView).total).toBe(1);
    const limited = (await h.control('GET', '/_sandbox/ledger?limit=1')).body as LedgerView;
    expect(limited.data).toHaveLength(1);
    expect(limited.total).toBe(2);
    expect((await h.control('GET', '/_sandbox/ledger?since=yesterday')).status).toBe(400);

    expect((await h.control('DELETE', '/_sandbox/ledger')).status).toBe(204);
    expect(((await h.control('GET', '/_sandbox/ledger')).body as LedgerView).total).toBe(0);
  });
});
