// The inbox against the whole product: api, worker and sandbox as real processes, the dashboard's
// production build on the same database. A user chats with the demo bot on the sandbox phone; the
// conversation shows up in the inbox with the bot's replies and their ticks; an agent takes over
// (the bot goes quiet), replies with a text and with a template from the picker (both reach the
// phone), then hands back (the bot answers again).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED, DEV_ENCRYPTION_KEY, seedDemo } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box, startBotStack, type BotStack } from '../apps/worker/src/processors/bot/testing/bot-stack';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

const WELCOME = "Hi! I'm the Switchboard demo bot.";
const USER = '15559870042';

let stack: BotStack;
let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  stack = await startBotStack('e2e_inbox');
  await seedDemo(stack.prisma, box);
  await stack.register(
    { phoneNumberId: DEMO_SEED.phoneNumberId, wabaId: DEMO_SEED.wabaId, appSecret: DEMO_SEED.appSecret, verifyToken: DEMO_SEED.verifyToken, accessToken: DEMO_SEED.accessToken },
    { displayPhoneNumber: DEMO_SEED.displayPhoneNumber },
  );
  dashboard = await startDashboard('e2e_inbox', {
    db: stack.db,
    encryptionKey: DEV_ENCRYPTION_KEY,
    env: { REDIS_URL: stack.redis.url, WHATSAPP_GRAPH_URL: stack.sandboxBase },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await stack?.stop();
});

async function say(phone: Page, text: string) {
  await phone.getByTestId('composer-input').fill(text);
  await phone.getByTestId('send-button').click();
}
const botSaid = (phone: Page, text: string) => phone.locator('[data-testid=message][data-direction=out]', { hasText: text }).count();

describe('the inbox', () => {
  it('shows a live conversation with ticks; take over silences the bot, hand back brings it back', async () => {
    await fetch(`${stack.sandboxBase}/_sandbox/users/${USER}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Inbox Ivy' }) });
    const phone = await browser.newPage({ viewport: { width: 420, height: 900 } });
    await phone.goto(`${stack.sandboxBase}/phone?user=${USER}&number=${DEMO_SEED.phoneNumberId}`);
    await say(phone, 'hi');
    await expect.poll(() => botSaid(phone, WELCOME), { timeout: 20_000 }).toBe(1);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await dashboard.signIn(page);
    await page.getByTestId('inbox-link').click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByTestId('inbox-conversations').getByText('Inbox Ivy').click();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText('hi', { exact: true }).waitFor();
    await transcript.getByText(WELCOME).waitFor();
    // The sandbox reports sent and delivered: the bot's greeting gets its ticks.
    await expect.poll(() => transcript.locator('li.outbound[data-status=delivered], li.outbound[data-status=read]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('conversation-owner').textContent()).toBe('The bot answers');

    await page.getByRole('button', { name: 'Take over' }).click();
    await expect.poll(() => page.getByTestId('conversation-owner').textContent(), { timeout: 15_000 }).toBe('A person answers');
    await say(phone, 'is anyone there?');
    await transcript.getByText('is anyone there?').waitFor();
    // The bot's input is written in the transaction that stores the message: none for this one, so no reply can follow.
    expect(await stack.prisma.botTurnInput.count()).toBe(1);
    expect(await botSaid(phone, WELCOME)).toBe(1);

    // The agent replies: a double click sends once; the phone gets it and the transcript shows its ticks.
    const composer = page.getByTestId('composer');
    const REPLY = 'Yes Ivy, a person here. How can I help?';
    await composer.getByTestId('composer-text').fill(REPLY);
    await composer.getByTestId('composer-send').dblclick();
    await expect.poll(() => botSaid(phone, REPLY), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => transcript.locator('li.outbound[data-status=delivered], li.outbound[data-status=read]', { hasText: REPLY }).count(), { timeout: 20_000 }).toBe(1);
    expect(await stack.prisma.message.count({ where: { source: 'agent' } })).toBe(1);

    // The template picker: the sandbox's approved templates, a field per body parameter, checked before sending.
    await composer.getByTestId('composer-mode-template').click();
    await composer.getByTestId('template-select').selectOption('order_update');
    await composer.getByTestId('template-language').selectOption('en_US');
    await composer.getByTestId('composer-send').click();
    expect(await composer.getByTestId('composer-field-error').count()).toBe(3);
    await composer.getByTestId('template-param-1').fill('Ivy');
    await composer.getByTestId('template-param-2').fill('#1042');
    await composer.getByTestId('template-param-3').fill('Friday');
    expect(await composer.getByTestId('template-preview').textContent()).toContain('Hi Ivy, your order #1042 is on its way and should arrive by Friday.');
    expect(await composer.getByTestId('composer-field-error').count()).toBe(0);
    await composer.getByTestId('composer-send').click();
    const template = phone.locator('[data-testid=message][data-direction=out]', { hasText: 'order_update' });
    await expect.poll(() => template.count(), { timeout: 20_000 }).toBe(1);
    expect(await template.textContent()).toContain('Ivy · #1042 · Friday');
    await transcript.getByText('Template order_update: Ivy · #1042 · Friday').waitFor();
    expect(await stack.prisma.auditLog.count({ where: { action: 'message.agent_reply', actorType: 'user' } })).toBe(2);
    mkdirSync(resolve(repoRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/dashboard-inbox.png') });

    await page.getByRole('button', { name: 'Hand back to the bot' }).click();
    await expect.poll(() => page.getByTestId('conversation-owner').textContent(), { timeout: 15_000 }).toBe('The bot answers');
    await say(phone, 'menu');
    await expect.poll(() => botSaid(phone, WELCOME), { timeout: 20_000 }).toBe(2);
    const audit = await stack.prisma.auditLog.findMany({ where: { action: { in: ['conversation.handoff', 'conversation.resumed'] } }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([['conversation.handoff', 'user'], ['conversation.resumed', 'user']]);

    // The message log shows the bot's greeting with its status timeline and trace id.
    await page.goto(`${dashboard.base}/w/${DEMO_SEED.workspaceSlug}/messages`);
    const log = page.getByTestId('message-log');
    await log.getByText(WELCOME).last().click(); // newest first: the last row is the first greeting
    const timeline = page.getByTestId('message-timeline');
    await timeline.waitFor();
    await expect.poll(async () => (await timeline.locator('li .status').allTextContents()).slice(0, 3), { timeout: 15_000 }).toEqual(['queued', 'sending', 'sent']);
    const greeting = await stack.prisma.message.findFirstOrThrow({ where: { direction: 'outbound' }, orderBy: { createdAt: 'asc' } });
    expect(await page.getByTestId('message-detail').textContent()).toContain(greeting.traceId);
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/dashboard-messages.png'), fullPage: true });
  });
});
