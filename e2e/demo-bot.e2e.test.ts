// Acceptance test of the demo bot: the api, worker and sandbox run as real
// processes on a test database seeded with seedDemo; the demo number is
// registered with the sandbox with its webhooks going to the api (the sandbox
// does Meta's handshake with the seed's verify token). In Chromium, on the
// sandbox's phone page, a user chats with the bot through all four paths,
// tapping the real buttons, with a screenshot per path in artifacts/.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED, seedDemo } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box, startBotStack, type BotStack } from '../apps/worker/src/processors/bot/testing/bot-stack';

const artifacts = resolve(import.meta.dirname, '../artifacts');
const WELCOME = "Hi! I'm the Switchboard demo bot.";
const MENU = 'How can we help?';
const ASK = "What's your email?";
const RETRY = "That doesn't look like an email. Try again?";

let stack: BotStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startBotStack('e2e_demo_bot');
  await seedDemo(stack.prisma, box);
  await stack.register(
    { phoneNumberId: DEMO_SEED.phoneNumberId, wabaId: DEMO_SEED.wabaId, appSecret: DEMO_SEED.appSecret, verifyToken: DEMO_SEED.verifyToken, accessToken: DEMO_SEED.accessToken },
    { displayPhoneNumber: DEMO_SEED.displayPhoneNumber },
  );
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openPhone(waId: string, name: string): Promise<Page> {
  const res = await fetch(`${stack.sandboxBase}/_sandbox/users/${waId}`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }),
  });
  expect(res.ok).toBe(true);
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  await page.goto(`${stack.sandboxBase}/phone?user=${waId}&number=${DEMO_SEED.phoneNumberId}`);
  return page;
}

const botSaid = (page: Page, text: string) => page.locator('[data-testid=message][data-direction=out]', { hasText: text });

/** Waits until the bot has said `text` at least `times` times. */
async function waitForBot(page: Page, text: string, times = 1) {
  await expect.poll(() => botSaid(page, text).count(), { timeout: 20_000, message: `bot said "${text}" ${times}×` }).toBeGreaterThanOrEqual(times);
}

async function type(page: Page, text: string) {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('send-button').click();
}

async function tap(page: Page, buttonId: string) {
  await page.locator(`[data-testid=reply-button][data-button-id=${buttonId}]`).last().click();
}

async function greet(page: Page, text: string, times = 1) {
  await type(page, text);
  await waitForBot(page, WELCOME, times);
  await waitForBot(page, MENU, times);
}

describe('the demo bot on the phone page', () => {
  it('sales with a valid email: asks, thanks and ends', async () => {
    const page = await openPhone('15559870001', 'Sales Sam');
    await greet(page, 'hi');
    await tap(page, 'sales');
    await waitForBot(page, ASK);
    await type(page, 'ana@example.com');
    await waitForBot(page, "Thanks! We'll write to ana@example.com.");
    await page.screenshot({ path: resolve(artifacts, 'demo-bot-sales.png') });
  });

  it('sales with three invalid emails: starts over', async () => {
    const page = await openPhone('15559870002', 'Typo Tom');
    await greet(page, 'hello');
    await tap(page, 'sales');
    await waitForBot(page, ASK);
    await type(page, 'not an email');
    await waitForBot(page, RETRY, 1);
    await type(page, 'ana@');
    await waitForBot(page, RETRY, 2);
    await type(page, 'ana at example dot com');
    await waitForBot(page, "Let's start over.");
    await waitForBot(page, MENU, 2);
    expect(await botSaid(page, RETRY).count()).toBe(2);
    await page.screenshot({ path: resolve(artifacts, 'demo-bot-invalid-email.png') });
  });

  it('support: connects to a person and hands the conversation over', async () => {
    const page = await openPhone('15559870003', 'Help Hanna');
    await greet(page, 'good morning');
    await tap(page, 'support');
    await waitForBot(page, 'Connecting you to a person…');
    await expect
      .poll(async () => (await stack.prisma.conversation.findFirst({ where: { contact: { waId: '15559870003' } } }))?.owner, { timeout: 10_000 })
      .toBe('human');
    await page.screenshot({ path: resolve(artifacts, 'demo-bot-support.png') });
  });

  it('menu at any time: back to the start', async () => {
    const page = await openPhone('15559870004', 'Menu Mia');
    await greet(page, 'hi');
    await tap(page, 'sales');
    await waitForBot(page, ASK);
    await greet(page, 'menu', 2);
    await page.screenshot({ path: resolve(artifacts, 'demo-bot-menu.png') });
  });
});
