// The dashboard as users get it from `npm start`: the production build of
// apps/web, signed into with the demo login, shows the demo workspace.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot as root, startDashboard, type RunningDashboard } from './testing/start-dashboard';

describe('dashboard sign-in', () => {
  let dashboard: RunningDashboard;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    dashboard = await startDashboard('dashboard_login');
    base = dashboard.base;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  it('redirects to /login, refuses a wrong password, and lands on the demo workspace', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByTestId('login-email').fill(DEMO_SEED.userEmail);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByRole('alert').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByTestId('login-password').fill(DEMO_SEED.userPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('workspace-name').waitFor();
    expect(await page.getByTestId('workspace-name').textContent()).toBe(DEMO_SEED.workspaceName);
    // The channel list loads client-side after the heading renders.
    await page.getByText(DEMO_SEED.displayPhoneNumber).first().waitFor();

    mkdirSync(resolve(root, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(root, 'artifacts/dashboard-after-login.png') });
  });

  it('API keys page: refuses an empty form, creates a key shown once that the API accepts, rotates and revokes it', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await dashboard.signIn(page);
    await page.getByTestId('api-keys-link').click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const before = await dashboard.db.prisma.apiKey.count(); // the seed's demo key(s)
    await expect.poll(() => page.getByTestId('api-key-row').count(), { timeout: 15_000 }).toBe(before);

    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.getByTestId('api-key-form-error').textContent()).toContain('name: give the key a name');
    await page.getByPlaceholder('e.g. Billing backend').fill('E2E backend');
    await page.getByLabel('messages:read').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await secret.waitFor();
    const key = (await secret.locator('.mono').textContent())?.trim() ?? '';
    expect(key).toMatch(/^sb_live_/);
    await secret.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('api-key-row').count(), { timeout: 15_000 }).toBe(before + 1);
    const { createApiKeyAuthenticator } = await import('@switchboard/core');
    const authenticate = (k: string) => createApiKeyAuthenticator({ prisma: dashboard.db.prisma, cacheTtlMs: 0 }).authenticate(k);
    await expect(authenticate(key)).resolves.toMatchObject({ scopes: ['messages:read'] });

    const row = page.getByTestId('api-key-row').filter({ hasText: 'E2E backend' });
    await row.getByRole('button', { name: /Rotate/ }).click();
    await page.getByTestId('api-key-secret').waitFor();
    const rotated = (await page.getByTestId('api-key-secret').locator('.mono').textContent())?.trim() ?? '';
    expect(rotated).not.toBe(key);
    await expect(authenticate(rotated)).resolves.toMatchObject({ scopes: ['messages:read'] });
    await expect(authenticate(key)).resolves.toMatchObject({ scopes: ['messages:read'] }); // the 24 h overlap

    const fresh = page.getByTestId('api-key-row').filter({ hasText: rotated.slice(0, 12) });
    await fresh.getByRole('button', { name: 'Revoke' }).click();
    await fresh.getByText('revoked', { exact: true }).waitFor();
    await expect(authenticate(rotated)).rejects.toMatchObject({ code: 'unauthorized' });
    await page.screenshot({ path: resolve(root, 'artifacts/dashboard-api-keys.png'), fullPage: true });
  });
});
