// Acceptance test of the foundation: a simulated user types "hi" on the
// sandbox's phone page in Chromium, and a correctly signed Meta webhook
// reaches the business's endpoint. The sandbox runs as its own process.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseWebhook, verifySignature } from '@switchboard/whatsapp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, launchChromium, spawnApp, startWebhookReceiver, type RunningApp, type WebhookReceiver } from '@switchboard/testing';

const number = {
  phone_number_id: '100000000000777',
  display_phone_number: '15550007777',
  waba_id: '200000000000777',
  access_token: 'e2e-access-token',
  app_secret: 'e2e-app-secret',
  verify_token: 'e2e-verify-token',
};
const user = '15551230001';
const artifacts = resolve(import.meta.dirname, '../artifacts');

describe('sandbox phone → signed webhook', () => {
  let sandbox: RunningApp;
  let sandboxUrl: string;
  let receiver: WebhookReceiver;
  let browser: Browser;

  beforeAll(async () => {
    receiver = await startWebhookReceiver(number.verify_token);
    const port = await freePort();
    sandboxUrl = `http://127.0.0.1:${port}`;
    sandbox = await spawnApp('apps/sandbox/src/main.ts', { SANDBOX_PORT: String(port), SANDBOX_PUBLIC_URL: sandboxUrl }, `${sandboxUrl}/healthz`);
    const { phone_number_id, ...config } = number;
    const registered = await fetch(`${sandboxUrl}/_sandbox/numbers/${phone_number_id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...config, webhook_url: receiver.url }),
    });
    expect(registered.status, await registered.text()).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await receiver?.close();
  });

  it('delivers "hi" typed on the phone page as a webhook signed with the app secret', async () => {
    expect(receiver.handshakes).toBe(1);
    const page = await browser.newPage({ viewport: { width: 420, height: 820 } });
    await page.goto(`${sandboxUrl}/phone?user=${user}&number=${number.phone_number_id}`);
    await page.getByTestId('composer-input').fill('hi');
    await page.getByTestId('send-button').click();

    const hook = await receiver.waitFor((h) => h.rawBody.includes('"text"'));
    expect(verifySignature(hook.rawBody, hook.signature, number.app_secret)).toBe(true);
    expect(verifySignature(hook.rawBody, hook.signature, 'another-secret')).toBe(false);

    const [event] = parseWebhook(JSON.parse(hook.rawBody.toString('utf8'))).events;
    expect(event).toMatchObject({
      kind: 'message',
      route: { phoneNumberId: number.phone_number_id },
      from: user,
      content: { type: 'text', body: 'hi' },
    });

    await page.locator('[data-testid=message]', { hasText: 'hi' }).waitFor();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: resolve(artifacts, 'phone-to-webhook.png') });
  });
});
