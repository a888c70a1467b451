// The Chatwoot page in a real browser against the production build and the fake Chatwoot: the
// form refuses what the server's schema refuses, a wrong token is saved and the test button says
// why it does not work, the right token with "create an inbox for us" creates the API inbox whose
// webhook is the URL shown (token and secret never come back), the test passes, a message the
// worker could not mirror while Chatwoot was down is listed under "Not synced" with the reason and
// leaves the list once it is mirrored, and a viewer sees the page without the form.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFakeChatwoot, type FakeChatwoot } from '@switchboard/chatwoot/testing';
import { recordCrmDeadLetter, runCrmSyncTask, type CrmSyncTask } from '@switchboard/core';
import { isCrmSyncError } from '@switchboard/crm';
import { DEMO_SEED, hashPassword } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

const artifacts = resolve(repoRoot, 'artifacts');
const webhookSecret = 'chatwoot-webhook-secret-e2e';

describe('dashboard Chatwoot page', () => {
  let dashboard: RunningDashboard;
  let fake: FakeChatwoot;
  let browser: Browser;
  let page: Page;
  let workspaceId: string;

  beforeAll(async () => {
    fake = await startFakeChatwoot();
    dashboard = await startDashboard('dashboard_chatwoot');
    browser = await launchChromium();
    page = await browser.newPage();
    await dashboard.signIn(page);
    workspaceId = (await dashboard.db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO_SEED.workspaceSlug } })).id;
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await fake?.close();
  });

  const integration = () => dashboard.db.prisma.integration.findFirst({ where: { workspaceId, kind: 'chatwoot' } });

  it('validates with the server schema, explains a refused token, then creates the inbox and keeps the secrets to itself', async () => {
    await page.getByTestId('chatwoot-link').click();
    await page.getByRole('heading', { name: 'Chatwoot', level: 1 }).waitFor();
    await page.getByTestId('chatwoot-not-set-up').waitFor();
    await page.getByTestId('crm-dead-letters-empty').waitFor();

    // Refused in the browser with the server schema's messages; nothing is stored.
    await page.getByTestId('chatwoot-base-url').fill('ftp://chat.example.com');
    await page.getByTestId('chatwoot-account-id').fill('seven');
    await page.getByTestId('chatwoot-webhook-secret').fill('short');
    await page.getByTestId('chatwoot-save').click();
    expect(await page.getByTestId('chatwoot-error-base_url').textContent()).toBe('must be the http(s) URL of your Chatwoot');
    expect(await page.getByTestId('chatwoot-error-account_id').textContent()).toMatch(/expected number/);
    expect(await page.getByTestId('chatwoot-error-webhook_secret').textContent()).toMatch(/>=8 characters/);
    await page.getByTestId('chatwoot-webhook-secret').fill('');
    await page.getByTestId('chatwoot-base-url').fill(`${fake.url}/`);
    await page.getByTestId('chatwoot-account-id').fill(String(fake.accountId));
    await page.getByTestId('chatwoot-save').click();
    expect(await page.getByTestId('chatwoot-error-access_token').textContent()).toBe('required when setting up Chatwoot');
    expect(await integration()).toBeNull();

    // A wrong token is stored; the webhook URL appears and the test says what is wrong.
    await page.getByTestId('chatwoot-access-token').fill('not-the-token');
    await page.getByTestId('chatwoot-save').click();
    await page.getByTestId('chatwoot-saved').waitFor();
    const stored = await integration();
    expect(stored).not.toBeNull();
    const webhookUrl = `${dashboard.base}/api/integrations/chatwoot/${stored!.id}/webhook`;
    expect(await page.getByTestId('chatwoot-webhook-url-value').textContent()).toBe(webhookUrl);
    expect(await page.getByTestId('chatwoot-summary').textContent()).toMatch(/^Inbox not chosen · signature not checked/);
    await page.getByTestId('chatwoot-test').click();
    const result = page.getByTestId('chatwoot-test-result');
    await result.waitFor();
    expect(await result.textContent()).toBe('Chatwoot did not answer as expected: Chatwoot refused the access token');

    // The right token, an inbox created for us, a webhook secret.
    await page.getByTestId('chatwoot-access-token').fill(fake.accessToken);
    await page.getByTestId('chatwoot-create-inbox').check();
    await page.getByTestId('chatwoot-inbox-name').fill('WhatsApp support');
    await page.getByTestId('chatwoot-webhook-secret').fill(webhookSecret);
    await page.getByTestId('chatwoot-save').click();
    await page.getByText(/^Saved \(inbox \d+\)\.$/).waitFor();
    expect(fake.state.inboxes).toEqual([expect.objectContaining({ name: 'WhatsApp support', channel_type: 'Channel::Api', webhook_url: webhookUrl })]);
    const inboxId = fake.state.inboxes[0]!.id;
    await page.getByText(`Inbox ${inboxId} · signature checked · auto-resume off · enabled`).waitFor();
    // The old result went with the old settings.
    expect(await result.count()).toBe(0);
    expect(await page.getByTestId('chatwoot-access-token').inputValue()).toBe('');
    expect(await page.getByTestId('chatwoot-webhook-secret').inputValue()).toBe('');
    expect(await page.getByTestId('chatwoot-inbox-id').inputValue()).toBe(String(inboxId));

    await page.getByTestId('chatwoot-test').click();
    await page.getByText('Connected: inbox “WhatsApp support” (API channel).').waitFor();

    // After a reload the page knows a token and a secret are stored and shows neither.
    await page.reload();
    await page.getByTestId('chatwoot-webhook-url-value').waitFor();
    await page.getByText('Access token (stored; leave empty to keep it)').waitFor();
    await page.getByText('Webhook secret (stored; leave empty to keep it)').waitFor();
    const html = await page.content();
    expect(html).not.toContain(fake.accessToken);
    expect(html).not.toContain(webhookSecret);
  });

  it('lists a message the worker could not mirror, with the reason, until it is mirrored', async () => {
    const { prisma } = dashboard.db;
    const channel = await prisma.channel.findFirstOrThrow({ where: { workspaceId } });
    const contact = await prisma.contact.create({ data: { workspaceId, waId: '16505550142', name: 'Ayo' } });
    const conversation = await prisma.conversation.create({
      data: { workspaceId, channelId: channel.id, contactId: contact.id, windowExpiresAt: new Date(Date.now() + 86_400_000), lastMessageAt: new Date() },
    });
    const message = await prisma.message.create({
      data: {
        workspaceId, channelId: channel.id, conversationId: conversation.id, contactId: contact.id, direction: 'inbound', type: 'text',
        contentEnc: dashboard.secretBox.encryptJson({ text: { body: 'is anyone there?' } }), status: 'received', source: 'whatsapp',
        traceId: 'c'.repeat(32), wamid: 'wamid.chatwoot-e2e-1',
      },
    });
    const deps = { prisma, secretBox: dashboard.secretBox };
    const task: CrmSyncTask = { kind: 'message', workspaceId, messageId: message.id };

    // The worker's last try while Chatwoot is down: the same core calls it makes.
    await fake.down();
    const error = await runCrmSyncTask(deps, task).catch((e: unknown) => e);
    expect(isCrmSyncError(error) && error.kind).toBe('unavailable');
    await recordCrmDeadLetter(prisma, (await integration())!, task, error);
    await fake.up();

    await page.getByTestId('crm-dead-letters-refresh').click();
    const table = page.getByTestId('crm-dead-letters');
    await table.waitFor();
    const row = table.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').nth(0).textContent()).toBe(`message ${message.id}`);
    expect(await row.locator('td').nth(1).textContent()).toBe(`${(error as Error).message} — retried by the reconciler`);
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: resolve(artifacts, 'chatwoot-settings.png'), fullPage: true });

    // Chatwoot is back: the retry mirrors the message and resolves its dead letter.
    expect((await runCrmSyncTask(deps, task)).outcome).toBe('mirrored');
    expect(fake.state.messages.map((m) => m.content)).toContain('is anyone there?');
    await page.getByTestId('crm-dead-letters-refresh').click();
    await page.getByTestId('crm-dead-letters-empty').waitFor();
  });

  it('shows a viewer the set-up and the dead letters without the form or the test button', async () => {
    const { prisma } = dashboard.db;
    const password = 'viewer-password-123';
    const user = await prisma.user.create({ data: { email: 'chatwoot-viewer@example.com', passwordHash: await hashPassword(password) } });
    await prisma.member.create({ data: { workspaceId, userId: user.id, role: 'viewer' } });
    const before = await integration();

    const viewer = await (await browser.newContext()).newPage();
    await viewer.goto(`${dashboard.base}/login`);
    await viewer.getByTestId('login-email').fill(user.email);
    await viewer.getByTestId('login-password').fill(password);
    await viewer.getByTestId('login-submit').click();
    await viewer.getByTestId('workspace-name').waitFor();
    await viewer.goto(`${dashboard.base}/w/${DEMO_SEED.workspaceSlug}/chatwoot`);
    await viewer.getByTestId('chatwoot-webhook-url-value').waitFor();
    await viewer.getByTestId('crm-dead-letters-empty').waitFor();
    expect(await viewer.getByTestId('chatwoot-summary').textContent()).toMatch(/^Inbox \d+ · signature checked/);
    expect(await viewer.getByTestId('chatwoot-form').count()).toBe(0);
    expect(await viewer.getByTestId('chatwoot-test').count()).toBe(0);
    expect(await viewer.content()).not.toContain(fake.accessToken);
    expect((await integration())?.updatedAt).toEqual(before?.updatedAt);
    await viewer.context().close();
  });
});
