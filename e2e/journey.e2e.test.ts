// The whole first-user journey in one browser session, against the api, worker and sandbox as real
// processes and the dashboard's production build: sign up → workspace → one-click sandbox channel →
// build a flow from an empty canvas by dragging blocks (text, ask, condition, buttons) and connecting
// them → fix the lint error left on purpose → publish → point the bot at the flow → chat from the
// sandbox phone page → the conversation appears in the inbox → take over and reply as an agent →
// hand back, and the bot answers again. A screenshot of each page is saved under artifacts/journey-*.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotStack, type BotStack } from '../apps/worker/src/processors/bot/testing/bot-stack';
import { connect, dragBlock, inspector, select } from './testing/flow-canvas';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

const artifacts = resolve(repoRoot, 'artifacts');
const GREETING = 'Hi! Let us sort out your order.';
const QUESTION = 'What is your order number?';
const URGENT = 'Is it urgent?';

let stack: BotStack;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  stack = await startBotStack('e2e_journey');
  dashboard = await startDashboard('e2e_journey', {
    db: stack.db,
    encryptionKey: DEV_ENCRYPTION_KEY,
    env: { API_URL: stack.apiBase, SANDBOX_URL: stack.sandboxBase, SANDBOX_PUBLIC_URL: stack.sandboxBase, REDIS_URL: stack.redis.url },
  });
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await stack?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: resolve(artifacts, `journey-${name}.png`) });
const botSaid = (phone: Page, text: string) => phone.locator('[data-testid=message][data-direction=out]', { hasText: text }).count();
async function say(phone: Page, text: string): Promise<void> {
  await phone.getByTestId('composer-input').fill(text);
  await phone.getByTestId('send-button').click();
}

describe('the first-user journey', () => {
  it('goes from sign-up to a published flow answering on the phone, then through a human takeover and back', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();

    // Sign up: a user, a workspace and its owner membership.
    await page.goto(`${dashboard.base}/login`);
    await page.getByTestId('signup-link').click();
    await page.getByTestId('signup-name').fill('Jo');
    await page.getByTestId('signup-email').fill('jo@example.com');
    await page.getByTestId('signup-password').fill('jo-password-123');
    await page.getByTestId('signup-workspaceName').fill('Jo Bikes');
    await shot(page, '1-signup');
    await page.getByTestId('signup-submit').click();
    await expect.poll(() => page.getByTestId('workspace-name').textContent(), { timeout: 15_000 }).toBe('Jo Bikes');

    // One click: a sandbox channel with the demo bot on it.
    await page.getByTestId('create-sandbox-channel').click();
    const phoneLink = page.getByTestId('onboarding-phone-link');
    await phoneLink.waitFor({ timeout: 15_000 });
    const phoneUrl = (await phoneLink.getAttribute('href'))!;
    await shot(page, '2-onboarding');

    // A flow from an empty canvas.
    await page.getByTestId('flows-link').click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();
    await page.getByTestId('new-flow-name').fill('Order help');
    await page.getByTestId('create-flow').click();
    await page.getByTestId('node-start').waitFor();
    await dragBlock(page, 'text', 880, 120);
    await dragBlock(page, 'ask', 880, 300);
    await dragBlock(page, 'condition', 880, 480);
    await dragBlock(page, 'buttons', 620, 700);
    await select(page, 'ask_1');
    await inspector(page).getByLabel('Prompt', { exact: true }).fill(QUESTION);
    await inspector(page).getByLabel('Variable', { exact: true }).fill('order');
    await select(page, 'condition_1');
    await inspector(page).getByRole('button', { name: 'Add rules' }).click();
    await inspector(page).getByLabel('Variable', { exact: true }).fill('order');
    await inspector(page).getByLabel('Operator', { exact: true }).selectOption('is_set');
    await select(page, 'buttons_1');
    await inspector(page).getByLabel('Body', { exact: true }).fill(URGENT);
    await inspector(page).getByLabel('Title', { exact: true }).fill('Yes');
    await connect(page, 'start', 'next', 'text_1');
    await connect(page, 'text_1', 'next', 'ask_1');
    await connect(page, 'ask_1', 'next', 'condition_1');
    await connect(page, 'condition_1', 'branch:b1', 'buttons_1');

    // The empty text block is a lint error that blocks publishing until it is fixed.
    const finding = page.locator('[data-testid="lint-finding"][data-node-id="text_1"]').filter({ hasText: 'error' });
    await finding.waitFor();
    expect(await page.getByTestId('publish').isDisabled()).toBe(true);
    await shot(page, '3-flow-lint-error');
    await finding.click();
    await inspector(page).getByLabel('Text', { exact: true }).fill(GREETING);
    await expect.poll(() => finding.count()).toBe(0);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('publish-note').fill('First version');
    await page.getByTestId('publish').click();
    await page.getByTestId('version-1').waitFor();
    await shot(page, '4-flow-published');

    // The workspace's bot now runs this flow.
    await page.goto(`${new URL(page.url()).origin}/w/jo-bikes/bots`);
    await page.getByTestId('bots-table').waitFor();
    await page.getByTestId('edit-bot').first().click();
    const form = page.getByTestId('bot-form');
    await form.locator('select[name=activeFlowId]').selectOption({ label: 'Order help (v1)' });
    await page.getByTestId('bot-form-submit').click();
    await expect.poll(() => page.getByTestId('bot-row').first().textContent(), { timeout: 15_000 }).toContain('Order help');
    await shot(page, '5-bots');

    // A user on the phone gets the new flow: greeting, the question, then the buttons after an answer.
    const phone = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await phone.goto(phoneUrl);
    await say(phone, 'hi');
    await expect.poll(() => botSaid(phone, QUESTION), { timeout: 20_000, message: stack.output().slice(-3000) }).toBe(1);
    expect(await botSaid(phone, GREETING)).toBe(1);
    await say(phone, 'A-1234');
    await expect.poll(() => botSaid(phone, URGENT), { timeout: 20_000 }).toBe(1);
    await shot(phone, '6-phone');

    // The conversation in the inbox; an agent takes over and the bot stays quiet.
    await page.goto(`${new URL(page.url()).origin}/w/jo-bikes/inbox`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByTestId('inbox-conversations').locator('button').first().click();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText('A-1234').waitFor();
    await transcript.getByText(URGENT).waitFor();
    await page.getByRole('button', { name: 'Take over' }).click();
    await expect.poll(() => page.getByTestId('conversation-owner').textContent(), { timeout: 15_000 }).toBe('A person answers');
    await shot(page, '7-inbox-taken-over');
    await say(phone, 'hi');
    await transcript.getByText('hi', { exact: true }).nth(1).waitFor();
    expect(await botSaid(phone, GREETING)).toBe(1);

    // The agent answers from the inbox; the reply reaches the phone.
    const REPLY = 'A person here: order A-1234 ships today.';
    await page.getByTestId('composer-text').fill(REPLY);
    await page.getByTestId('composer-send').click();
    await expect.poll(() => botSaid(phone, REPLY), { timeout: 20_000 }).toBe(1);
    await transcript.getByText(REPLY).waitFor();

    // Handed back, the bot answers the next message again.
    await page.getByRole('button', { name: 'Hand back to the bot' }).click();
    await expect.poll(() => page.getByTestId('conversation-owner').textContent(), { timeout: 15_000 }).toBe('The bot answers');
    await say(phone, 'hello again');
    await expect.poll(() => botSaid(phone, GREETING), { timeout: 20_000 }).toBe(2);
    await shot(page, '8-inbox-handed-back');
  });
});
