// A first-time user, end to end: sign up from the login page, land in the new workspace, create the sandbox
// channel in one click, open the sandbox phone from the link it gives, say "hi" and get the demo bot's
// answer. The api, worker and sandbox run as real processes; the dashboard is the production build.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotStack, type BotStack } from '../apps/worker/src/processors/bot/testing/bot-stack';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

const WELCOME = "Hi! I'm the Switchboard demo bot.";
const artifacts = resolve(repoRoot, 'artifacts');

let stack: BotStack;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  stack = await startBotStack('e2e_signup');
  dashboard = await startDashboard('e2e_signup', {
    db: stack.db,
    encryptionKey: DEV_ENCRYPTION_KEY,
    env: { API_URL: stack.apiBase, SANDBOX_URL: stack.sandboxBase, SANDBOX_PUBLIC_URL: stack.sandboxBase },
  });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  // The first browser test of a run builds the dashboard, which takes minutes on a busy 2-core machine.
}, 480_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await stack?.stop();
});

describe('sign up to a working chat', () => {
  it('signs up, creates the sandbox channel in one click and chats with the demo bot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${dashboard.base}/login`);
    await page.getByTestId('signup-link').click();
    // The form checks with the server's schema before sending anything.
    await page.getByTestId('signup-email').fill('not-an-email');
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('signup-email-error').waitFor();
    await page.getByTestId('signup-name').fill('Nina');
    await page.getByTestId('signup-email').fill('nina@example.com');
    await page.getByTestId('signup-password').fill('nina-password-1');
    await page.getByTestId('signup-workspaceName').fill('Nina Shop');
    await page.screenshot({ path: resolve(artifacts, 'signup.png') });
    await page.getByTestId('signup-submit').click();

    await expect.poll(() => page.getByTestId('workspace-name').textContent(), { timeout: 15_000 }).toBe('Nina Shop');
    expect(new URL(page.url()).pathname).toBe('/w/nina-shop');
    await page.getByTestId('onboarding').waitFor();
    await page.getByTestId('create-sandbox-channel').click();
    const link = page.getByTestId('onboarding-phone-link');
    await link.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: resolve(artifacts, 'onboarding.png') });
    const phoneUrl = await link.getAttribute('href');
    expect(phoneUrl).toMatch(new RegExp(`^${stack.sandboxBase}/phone\\?number=\\d{15}$`));

    const phone = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await phone.goto(phoneUrl!);
    await phone.getByTestId('composer-input').fill('hi');
    await phone.getByTestId('send-button').click();
    const welcome = phone.locator('[data-testid=message][data-direction=out]', { hasText: WELCOME });
    await expect.poll(() => welcome.count(), { timeout: 20_000, message: `the demo bot answers\n${stack.output().slice(-3000)}` }).toBeGreaterThanOrEqual(1);
    await phone.screenshot({ path: resolve(artifacts, 'onboarding-phone.png') });

    // The channel belongs to the new workspace, which the new user owns.
    const workspace = await stack.prisma.workspace.findUniqueOrThrow({ where: { slug: 'nina-shop' }, include: { members: { include: { user: true } }, channels: true } });
    expect(workspace.members.map((m) => [m.user.email, m.role])).toEqual([['nina@example.com', 'owner']]);
    expect(workspace.channels.map((c) => c.kind)).toEqual(['sandbox']);
  });
});
