// The members page and invite links in the production build: the owner invites by link, a new person
// opens it signed out, creates their account and lands in the workspace; the owner changes their role,
// cannot demote themselves as the last owner, and removes them after confirming.
import { resolve } from 'node:path';
import { DEMO_SEED } from '@switchboard/db';
import { launchChromium } from '@switchboard/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDashboard, type RunningDashboard } from './testing/start-dashboard';

let dashboard: RunningDashboard;
let browser: Browser;

beforeAll(async () => {
  dashboard = await startDashboard('e2e_members');
  browser = await launchChromium();
}, 480_000);
afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
});

const roleIn = async (email: string) =>
  (await dashboard.db.prisma.member.findFirst({ where: { workspace: { slug: DEMO_SEED.workspaceSlug }, user: { email } } }))?.role ?? null;

describe('members and invite links', () => {
  it('invites by link, the new user joins, the owner changes the role and removes them; the last owner stays', async () => {
    const owner = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await dashboard.signIn(owner);
    await owner.getByTestId('members-link').click();
    await owner.getByTestId('members').waitFor();
    await owner.getByTestId('invite-email').fill('teammate@example.com');
    await owner.getByTestId('invite-role').selectOption('agent');
    await owner.getByTestId('invite-submit').click();
    const url = await owner.getByTestId('invite-url').inputValue();
    expect(url).toMatch(/\/invite\/inv_/);
    await owner.getByTestId('invite-row').filter({ hasText: 'teammate@example.com' }).waitFor();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const newcomer = await context.newPage();
    await newcomer.goto(url);
    await newcomer.getByTestId('invite-summary').getByText('agent').waitFor();
    await newcomer.getByTestId('invite-name').fill('Teammate');
    await newcomer.getByTestId('invite-password').fill('teammate-password');
    await newcomer.screenshot({ path: resolve(repoRoot, 'artifacts', 'invite-accept.png') });
    await newcomer.getByTestId('invite-signup-submit').click();
    await expect.poll(() => newcomer.getByTestId('workspace-name').textContent(), { timeout: 15_000 }).toBe(DEMO_SEED.workspaceName);
    expect(await roleIn('teammate@example.com')).toBe('agent');
    // The link is used up.
    await newcomer.goto(url);
    await newcomer.getByTestId('invite-unusable').waitFor();
    await context.close();

    await owner.reload();
    const row = owner.getByTestId('member-row').filter({ hasText: 'teammate@example.com' });
    await row.getByTestId('member-role').selectOption('viewer');
    await expect.poll(() => roleIn('teammate@example.com'), { timeout: 15_000 }).toBe('viewer');

    const me = owner.locator(`[data-testid=member-row][data-email="${DEMO_SEED.userEmail}"]`);
    await me.getByTestId('member-role').selectOption('admin');
    await owner.getByTestId('members-error').getByText('last owner').waitFor();
    expect(await roleIn(DEMO_SEED.userEmail)).toBe('owner');
    await owner.screenshot({ path: resolve(repoRoot, 'artifacts', 'members.png') });

    owner.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('member-remove').click();
    await expect.poll(() => roleIn('teammate@example.com'), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => owner.getByTestId('member-row').filter({ hasText: 'teammate@example.com' }).count(), { timeout: 15_000 }).toBe(0);
  });
});
