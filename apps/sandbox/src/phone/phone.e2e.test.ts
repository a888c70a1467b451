import { existsSync } from 'node:fs';
import { parseWebhook, type MessageEvent } from '@switchboard/whatsapp';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, messagesPath, PHONE_NUMBER_ID, startHarness, type Harness } from '../testing/sandbox-harness';

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));

function messageEvents(h: Harness): MessageEvent[] {
  return h.receiver.posts().flatMap((p) => parseWebhook(JSON.parse(p.body)).events).filter((e): e is MessageEvent => e.kind === 'message');
}

describe('phone page', () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
    h = await startHarness({ number: { status_delays_ms: { sent: 0, delivered: 0, read: 0 } } });
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    await page.goto(`${h.url}/phone?user=${ALICE}&number=${PHONE_NUMBER_ID}`);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('sends what the user types as a signed text webhook', async () => {
    await page.getByTestId('composer-input').fill('hi');
    await page.getByTestId('send-button').click();
    await page.locator('[data-testid=message][data-direction=in]', { hasText: 'hi' }).waitFor();
    await h.receiver.waitFor(() => messageEvents(h).some((e) => e.content.type === 'text'));
    expect(messageEvents(h).at(-1)?.content).toEqual({ type: 'text', body: 'hi' });
  });

  it('shows business reply buttons and sends the tapped one as button_reply with context', async () => {
    const sent = await h.graph('POST', messagesPath, {
      messaging_product: 'whatsapp',
      to: ALICE,
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Did it arrive?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] } },
    });
    const wamid = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
    await page.locator(`[data-testid=message][data-direction=out][data-wamid="${wamid}"] [data-testid=status-tick][data-status=read]`).waitFor();
    await page.getByTestId('reply-button').filter({ hasText: 'No' }).click();
    await h.receiver.waitFor(() => messageEvents(h).some((e) => e.content.type === 'button_reply'));
    const reply = messageEvents(h).find((e) => e.content.type === 'button_reply')!;
    expect(reply.content).toEqual({ type: 'button_reply', id: 'no', title: 'No' });
    expect(reply.context?.messageId).toBe(wamid);
  });

  it('opens a list and sends the picked row as list_reply', async () => {
    await h.graph('POST', messagesPath, {
      messaging_product: 'whatsapp',
      to: ALICE,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Shipping?' },
        action: { button: 'Options', sections: [{ title: 'Fast', rows: [{ id: 'express', title: 'Express', description: 'Next day' }, { id: 'std', title: 'Standard' }] }] },
      },
    });
    await page.getByTestId('list-open').click();
    await page.getByTestId('list-row').filter({ hasText: 'Express' }).click();
    await h.receiver.waitFor(() => messageEvents(h).some((e) => e.content.type === 'list_reply'));
    expect(messageEvents(h).find((e) => e.content.type === 'list_reply')?.content).toEqual({
      type: 'list_reply',
      id: 'express',
      title: 'Express',
      description: 'Next day',
    });
  });
});
