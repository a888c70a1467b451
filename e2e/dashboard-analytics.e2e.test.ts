// The analytics and audit log pages in a real browser against the production build. The data are
// rows the pipeline would have written (messages with statuses and AI usage, flow sessions on the
// demo flow's published version, audit entries); the pages and their tRPC calls are under test.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_SEED } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

describe('dashboard analytics and audit log', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dashboard = await startDashboard('dashboard_analytics');
    const { prisma } = dashboard.db;
    const workspace = await prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO_SEED.workspaceSlug } });
    const channel = await prisma.channel.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    const version = await prisma.flowVersion.findFirstOrThrow({ where: { workspaceId: workspace.id }, orderBy: { version: 'desc' } });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_SEED.userEmail } });
    const t = Date.now() - 3 * 3_600_000;
    const at = (seconds: number) => new Date(t + seconds * 1000);
    const conversations = [];
    for (const waId of ['4915550001', '4915550002']) {
      const contact = await prisma.contact.create({ data: { workspaceId: workspace.id, waId } });
      conversations.push(await prisma.conversation.create({ data: { workspaceId: workspace.id, channelId: channel.id, contactId: contact.id } }));
    }
    const [c1, c2] = conversations as [(typeof conversations)[number], (typeof conversations)[number]];
    const sentBy = (node: string) => ({ flow_version_id: version.id, node_id: node });
    const rows = [
      { direction: 'inbound', status: 'received', at: at(0) },
      { direction: 'outbound', status: 'read', at: at(30), metadata: sentBy('welcome') },
      { direction: 'inbound', status: 'received', at: at(600), metadata: { ai_usage: { model: 'm', input_tokens: 1200, output_tokens: 300 } } },
      { direction: 'outbound', status: 'delivered', at: at(690), metadata: sentBy('menu') },
      { direction: 'outbound', status: 'failed', at: at(1200), metadata: sentBy('menu') },
    ] as const;
    await prisma.message.createMany({
      data: rows.map((r) => ({
        workspaceId: workspace.id, channelId: channel.id, conversationId: c1.id, contactId: c1.contactId, direction: r.direction, type: 'text',
        contentEnc: dashboard.secretBox.encryptJson({ text: { body: 'x' } }), status: r.status, source: r.direction === 'inbound' ? 'whatsapp' : 'bot',
        traceId: 'e'.repeat(32), createdAt: r.at, ...('metadata' in r ? { metadata: r.metadata } : {}),
      })),
    });
    const session = (status: 'waiting' | 'ended', endReason?: string) => ({
      flowVersionId: version.id, currentNodeId: 'menu', variables: {}, startedAt: at(0).toISOString(), lastActivityAt: new Date().toISOString(), status,
      waitingFor: status === 'waiting' ? { kind: 'input', nodeId: 'menu', attempts: 0 } : null, visitedNodeIds: ['start', 'welcome', 'menu'],
      ...(status === 'waiting' ? { repliedNodeIds: ['menu'] } : { endReason }),
    });
    await prisma.flowSession.createMany({
      data: [
        { workspaceId: workspace.id, conversationId: c1.id, flowVersionId: version.id, state: session('waiting'), currentNodeId: 'menu', status: 'waiting', createdAt: at(0) },
        { workspaceId: workspace.id, conversationId: c2.id, flowVersionId: version.id, state: session('ended', 'max_attempts'), currentNodeId: 'menu', status: 'ended', createdAt: at(5) },
      ],
    });
    await prisma.auditLog.create({ data: { workspaceId: workspace.id, actorType: 'user', actorId: user.id, action: 'flow.published', targetType: 'flow', targetId: version.flowId, data: { version: version.version } } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await dashboard.signIn(page);
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
  });

  it('shows the seeded figures: rates, median reply, AI tokens without a price, and the funnel', async () => {
    await page.getByTestId('analytics-link').click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    const text = (id: string) => page.getByTestId(id).textContent();
    await expect.poll(() => text('kpi-delivery-rate'), { timeout: 15_000 }).toContain('66.7%');
    expect(await text('kpi-inbound')).toContain('2');
    expect(await text('kpi-outbound')).toContain('3');
    expect(await text('kpi-delivery-rate')).toContain('2 of 3 handed to Meta');
    expect(await text('kpi-read-rate')).toContain('50.0%');
    expect(await text('kpi-reply-time')).toContain('1 min');
    expect(await text('kpi-reply-time')).toContain('over 2 replies');
    await expect.poll(() => text('kpi-tokens-in'), { timeout: 15_000 }).toContain('1,200');
    expect(await text('kpi-tokens-out')).toContain('300');
    expect(await text('kpi-cost')).toContain('—');
    expect(await text('ai-unpriced')).toContain('1,500 tokens come from bots without a price');
    const cells = async (node: string) => (await page.getByTestId(`funnel-node-${node}`).locator('td.num').allTextContents()).map(Number);
    await expect.poll(() => page.getByTestId('funnel-node-menu').count(), { timeout: 15_000 }).toBe(1);
    // reached, sent, delivered, read, replied, dropped off
    expect(await cells('welcome')).toEqual([2, 1, 1, 1, 0, 0]);
    expect(await cells('menu')).toEqual([2, 2, 1, 0, 1, 1]);
    expect(await cells('thanks')).toEqual([0, 0, 0, 0, 0, 0]);
    mkdirSync(resolve(repoRoot, 'artifacts'), { recursive: true });
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/dashboard-analytics.png'), fullPage: true });
  });

  it('lists the audit log with actors and filters it by action', async () => {
    await page.goto(`${dashboard.base}/w/${DEMO_SEED.workspaceSlug}/audit-log`);
    const log = page.getByTestId('audit-log');
    await log.waitFor({ timeout: 15_000 });
    await expect.poll(() => log.locator('tbody tr').count(), { timeout: 15_000 }).toBe(2);
    const first = await log.locator('tbody tr').first().textContent();
    expect(first).toContain('flow.published');
    expect(first).toContain(DEMO_SEED.userEmail);
    await page.getByTestId('audit-action').selectOption('seed.demo');
    await expect.poll(() => log.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1);
    expect(await log.locator('tbody tr').first().textContent()).toContain('seed.demo');
    await page.screenshot({ path: resolve(repoRoot, 'artifacts/dashboard-audit-log.png'), fullPage: true });
  });
});
