// The flow builder's test panel in Chromium against the production build and the whole product as real
// processes (sandbox, api, worker): the user types in the panel, the message travels sandbox → webhook
// → api → worker → outbound → sandbox, and the panel shows the UNPUBLISHED draft's reply, rendered
// buttons (tapped as an interactive reply), the captured variable and the delivery ticks; Reset ends
// the session. A normal user of the same number still gets the published version.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED, DEV_ENCRYPTION_KEY, seedDemo, type Prisma } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box, lineOf, startBotStack, type BotStack } from '../apps/worker/src/processors/bot/testing/bot-stack';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

const DRAFT_WELCOME = 'Hello from the draft, not yet published.';

describe('flow builder test panel', () => {
  let stack: BotStack;
  let dashboard: RunningDashboard;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startBotStack('e2e_test_panel');
    await seedDemo(stack.prisma, box);
    await stack.register(
      { phoneNumberId: DEMO_SEED.phoneNumberId, wabaId: DEMO_SEED.wabaId, appSecret: DEMO_SEED.appSecret, verifyToken: DEMO_SEED.verifyToken, accessToken: DEMO_SEED.accessToken },
      { displayPhoneNumber: DEMO_SEED.displayPhoneNumber },
    );
    dashboard = await startDashboard('e2e_test_panel', { db: stack.db, encryptionKey: DEV_ENCRYPTION_KEY, env: { SANDBOX_URL: stack.sandboxBase, SANDBOX_PUBLIC_URL: stack.sandboxBase, API_URL: stack.apiBase } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await stack?.stop();
  });

  it('chats with the draft through the sandbox: the reply, a tap, the variable, ticks, reset', async () => {
    const flow = await stack.prisma.flow.findFirstOrThrow({ where: { workspace: { slug: DEMO_SEED.workspaceSlug } } });
    const draft = flow.draft as { nodes: { id: string; data: Record<string, unknown> }[] };
    const changed = { ...draft, nodes: draft.nodes.map((n) => (n.id === 'welcome' ? { ...n, data: { text: DRAFT_WELCOME } } : n)) };
    await stack.prisma.flow.update({ where: { id: flow.id }, data: { draft: changed as unknown as Prisma.InputJsonObject, draftUpdatedAt: new Date() } });

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await dashboard.signIn(page);
    await page.goto(`${dashboard.base}/w/${DEMO_SEED.workspaceSlug}/flows/${flow.id}`);
    await page.getByTestId('test-tab').click();
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('test-panel-input').fill('hello');
    await panel.getByTestId('test-panel-send').click();

    const replies = panel.getByTestId('test-panel-reply');
    await expect
      .poll(async () => ((await replies.count()) > 0 ? await replies.first().textContent() : `no reply yet; the page says: ${await page.locator('body').textContent()}`), { timeout: 20_000 })
      .toContain(DRAFT_WELCOME);
    await panel.getByTestId('test-panel-button').filter({ hasText: 'Sales' }).click();
    await expect.poll(() => replies.last().textContent(), { timeout: 20_000 }).toContain("What's your email?");
    await panel.getByTestId('test-panel-input').fill('ada@example.com');
    await panel.getByTestId('test-panel-send').click();
    const email = panel.locator('[data-testid=test-panel-variable][data-name=email]');
    await expect.poll(() => email.textContent(), { timeout: 20_000 }).toBe('email"ada@example.com"');
    await expect.poll(() => panel.getByTestId('test-panel-session').textContent(), { timeout: 15_000 }).toContain('ended (lead_captured)');
    await expect.poll(() => panel.locator('[data-testid=test-panel-reply][data-status=delivered], [data-testid=test-panel-reply][data-status=read]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    mkdirSync(resolve(repoRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/flow-test-panel.png') });

    // Meanwhile a real user of the demo number still gets the published greeting.
    await stack.say(DEMO_SEED.phoneNumberId, '15551230002', 'hi');
    const other = await stack.waitForBotMessages(DEMO_SEED.phoneNumberId, '15551230002', 1);
    expect(lineOf(other[0]!)).toBe("Hi! I'm the Switchboard demo bot.");

    await panel.getByTestId('test-panel-input').fill('again');
    await panel.getByTestId('test-panel-send').click();
    await expect.poll(() => panel.getByTestId('test-panel-session').textContent(), { timeout: 20_000 }).toContain('waiting');
    await panel.getByTestId('test-panel-reset').click();
    await expect.poll(() => panel.getByTestId('test-panel-session').textContent(), { timeout: 15_000 }).toContain('ended (test_reset)');
    expect(await stack.prisma.flowVersion.count({ where: { flowId: flow.id, kind: 'published' } })).toBe(1);
    await page.close();
  });
});
