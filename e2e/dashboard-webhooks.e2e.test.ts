// The webhooks page in a real browser against the production build: add an
// endpoint (secret shown once), read its delivery log with the attempts,
// replay a failed delivery, rotate the secret (the old one stays valid for the
// grace period) and disable the endpoint. Deliveries are rows the worker would
// have written; the page and its tRPC calls are what is under test.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

// A public address literal: accepted by the URL policy, never dialled (no worker runs here).
const endpointUrl = 'https://93.184.216.34/switchboard-hook';

describe('dashboard webhooks page', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dashboard = await startDashboard('dashboard_webhooks');
    browser = await launchChromium();
    page = await browser.newPage();
    await dashboard.signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  it('adds an endpoint, shows its deliveries and attempts, replays, rotates the secret and disables it', async () => {
    const { prisma } = dashboard.db;
    await page.getByTestId('webhooks-link').click();
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook endpoints yet.').waitFor();

    // A private address is refused with a clear message and nothing is stored.
    await page.getByPlaceholder('https://hooks.example.com/switchboard').fill('https://169.254.169.254/latest');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const refusal = page.locator('p.alert[role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('url: points to a private, loopback, link-local or metadata address');
    expect(await prisma.webhookEndpoint.count()).toBe(0);

    await page.getByPlaceholder('https://hooks.example.com/switchboard').fill(endpointUrl);
    await page.getByLabel('message.failed').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretCard = page.getByTestId('webhook-secret');
    await secretCard.waitFor();
    const firstSecret = (await secretCard.locator('.mono').textContent())?.trim() ?? '';
    expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await secretCard.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    const table = page.getByTestId('webhook-endpoints');
    await table.getByText(endpointUrl).waitFor();
    expect(await table.getByText('message.failed').count()).toBe(1);

    // A delivery that failed twice (as the worker records it).
    const endpoint = await prisma.webhookEndpoint.findFirstOrThrow({ where: { url: endpointUrl } });
    const event = await prisma.webhookEvent.create({
      data: { workspaceId: endpoint.workspaceId, type: 'message.failed', payloadEnc: dashboard.secretBox.encrypt('{}'), expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const delivery = await prisma.webhookDelivery.create({
      data: {
        workspaceId: endpoint.workspaceId, eventId: event.id, endpointId: endpoint.id, status: 'failed', attempts: 2,
        lastAttemptAt: new Date(), lastError: 'HTTP 500', eventSeq: event.seq,
      },
    });
    for (const [statusCode, error] of [[500, null], [null, 'timed out after 10000 ms']] as const) {
      await prisma.deliveryAttempt.create({
        data: { workspaceId: endpoint.workspaceId, deliveryId: delivery.id, statusCode, latencyMs: 12, error, responseExcerpt: statusCode ? 'oops' : null },
      });
    }

    await table.getByRole('button', { name: 'Deliveries', exact: true }).click();
    const deliveries = page.getByTestId('webhook-deliveries');
    await deliveries.waitFor();
    expect(await deliveries.getByText(event.id).count()).toBe(1);
    expect(await deliveries.getByText('failed', { exact: true }).count()).toBe(1);
    expect(await deliveries.getByText(/· 500 · 12 ms/).count()).toBe(1);
    expect(await deliveries.getByText(/timed out after 10000 ms/).count()).toBe(1);

    await deliveries.getByRole('button', { name: 'Replay' }).click();
    await deliveries.getByText('pending', { exact: true }).waitFor();
    const replayed = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(replayed.status).toBe('pending');
    expect(replayed.nextAttemptAt).not.toBeNull();

    await table.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    const secondSecret = (await page.getByTestId('webhook-secret').locator('.mono').textContent())?.trim() ?? '';
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    await table.getByText(/Old secret valid until/).waitFor();

    await table.getByRole('button', { name: 'Disable' }).click();
    await table.getByText('disabled', { exact: true }).waitFor();
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled).toBe(false);

    mkdirSync(resolve(repoRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/dashboard-webhooks.png'), fullPage: true });
  });
});
