// The flow builder's test panel in Chromium against the production build: it
// opens the demo flow, chats with its draft through the real engine (a typed
// message, then a tap on a rendered button) and resets, with nothing stored.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

describe('flow builder test panel', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;

  beforeAll(async () => {
    dashboard = await startDashboard('test_panel_page');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  it('chats with the demo flow\'s draft: a reply, rendered buttons, a tap, reset', async () => {
    const flow = await dashboard.db.prisma.flow.findFirstOrThrow({ where: { workspace: { slug: DEMO_SEED.workspaceSlug } } });
    const stored = async () => [await dashboard.db.prisma.flowSession.count(), await dashboard.db.prisma.message.count()];
    const before = await stored();
    const page = await browser.newPage();
    await dashboard.signIn(page);
    await page.goto(`${dashboard.base}/w/${DEMO_SEED.workspaceSlug}/flows/${flow.id}`);
    await page.getByTestId('test-tab').click();
    const panel = page.getByTestId('test-panel');
    await panel.getByTestId('test-panel-input').fill('hello');
    await panel.getByTestId('test-panel-send').click();

    const replies = panel.getByTestId('test-panel-reply');
    await expect.poll(() => replies.allTextContents(), { timeout: 15_000 }).toEqual(["Hi! I'm the Switchboard demo bot.", 'How can we help?SalesSupport']);
    await panel.getByTestId('test-panel-button').filter({ hasText: 'Sales' }).click();
    await expect.poll(() => replies.last().textContent(), { timeout: 15_000 }).toBe("What's your email?");
    await panel.getByTestId('test-panel-input').fill('ada@example.com');
    await panel.getByTestId('test-panel-send').click();
    await expect.poll(() => replies.last().textContent(), { timeout: 15_000 }).toBe("Thanks! We'll write to ada@example.com.");
    expect(await panel.getByTestId('test-panel-note').last().textContent()).toBe('The session ended: lead_captured.');
    mkdirSync(resolve(repoRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/flow-test-panel.png') });

    await panel.getByTestId('test-panel-reset').click();
    expect(await replies.count()).toBe(0);
    // A scratch conversation: nothing of it was stored.
    expect(await stored()).toEqual(before);
    await page.close();
  });
});
