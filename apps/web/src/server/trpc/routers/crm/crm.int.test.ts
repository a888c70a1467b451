// The dashboard's Chatwoot procedures through the real router on Postgres, against the fake Chatwoot:
// set-up with an inbox created for us, secrets never shown, test connection, roles and tenancy, and
// the dead-letter list.
import { startFakeChatwoot, type FakeChatwoot } from '@switchboard/chatwoot/testing';
import { recordCrmDeadLetter } from '@switchboard/core';
import { CrmSyncError } from '@switchboard/crm';
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let fake: FakeChatwoot;
let admin: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));


beforeAll(async () => {
  db = await createTestDatabase('web_crm');
  fake = await startFakeChatwoot();
  process.env.DATABASE_URL = db.url;
  process.env.APP_URL = 'https://dash.example.com';
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [a, v, s] = await Promise.all(['a', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Support', slug: 'support' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: a!.id, role: 'admin' },
      { workspaceId: workspace.id, userId: v!.id, role: 'viewer' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  admin = session(a!);
  viewer = session(v!);
  stranger = session(s!);
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe('Chatwoot procedures', () => {
  it('an admin sets Chatwoot up with an inbox created for us; the token and secret are never shown', async () => {
    expect(await callerFor(admin).crm.settings({ workspaceId })).toBeNull();
    const view = await callerFor(admin).crm.configure({
      workspaceId,
      settings: { base_url: `${fake.url}/`, account_id: fake.accountId, access_token: fake.accessToken, create_inbox: { name: 'WhatsApp' }, webhook_secret: 'a-long-secret', auto_resume_minutes: 30 },
    });
    expect(view).toMatchObject({ base_url: fake.url, account_id: fake.accountId, has_webhook_secret: true, auto_resume_minutes: 30, enabled: true });
    expect(view.webhook_url).toBe(`https://dash.example.com/api/integrations/chatwoot/${view.id}/webhook`);
    expect(fake.state.inboxes).toEqual([expect.objectContaining({ id: view.inbox_id, name: 'WhatsApp', webhook_url: view.webhook_url })]);
    const shown = JSON.stringify(await callerFor(viewer).crm.settings({ workspaceId }));
    expect(shown).not.toContain(fake.accessToken);
    expect(shown).not.toContain('a-long-secret');
    const row = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId } });
    expect(row.secretsEnc).not.toContain(fake.accessToken);
  });

  it('stores nothing when Chatwoot refuses to create the inbox: the settings stay as they were', async () => {
    const before = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId } });
    const inboxes = fake.state.inboxes.length;
    const refused = callerFor(admin).crm.configure({
      workspaceId,
      settings: { base_url: fake.url, account_id: fake.accountId, access_token: 'wrong-token', create_inbox: { name: 'Again' }, auto_resume_minutes: 5 },
    });
    await expect(refused).rejects.toThrow(/refused the access token/);
    const after = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId } });
    expect({ config: after.config, secretsEnc: after.secretsEnc, updatedAt: after.updatedAt }).toEqual({ config: before.config, secretsEnc: before.secretsEnc, updatedAt: before.updatedAt });
    expect(fake.state.inboxes).toHaveLength(inboxes);
  });

  it('tests the connection: ok with the right token, the reason otherwise', async () => {
    expect(await callerFor(admin).crm.testConnection({ workspaceId })).toMatchObject({ ok: true, problem: null, inbox: { name: 'WhatsApp', is_api_channel: true } });
    await callerFor(admin).crm.configure({ workspaceId, settings: { base_url: fake.url, account_id: fake.accountId, access_token: 'wrong', auto_resume_minutes: 0 } });
    const refused = await callerFor(admin).crm.testConnection({ workspaceId });
    expect(refused.ok).toBe(false);
    expect(refused.problem).toMatch(/refused the access token/);
    await callerFor(admin).crm.configure({ workspaceId, settings: { base_url: fake.url, account_id: fake.accountId, access_token: fake.accessToken, inbox_id: 999_999, auto_resume_minutes: 0 } });
    expect((await callerFor(admin).crm.testConnection({ workspaceId })).problem).toMatch(/Inbox 999999 does not exist/);
  });

  it('refuses viewers and strangers, and rejects bad settings', async () => {
    const settings = { base_url: fake.url, account_id: fake.accountId, auto_resume_minutes: 0 };
    expect(await trpcCode(callerFor(viewer).crm.configure({ workspaceId, settings }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(viewer).crm.testConnection({ workspaceId }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(stranger).crm.settings({ workspaceId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(admin).crm.configure({ workspaceId, settings: { ...settings, base_url: 'ftp://x' } }))).toBe('BAD_REQUEST');
  });

  it('lists what could not be synced, with the reason', async () => {
    const integration = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId } });
    const localId = '01900000-0000-7000-8000-000000000001';
    await recordCrmDeadLetter(db.prisma, integration, { kind: 'message', workspaceId, messageId: localId }, new CrmSyncError('rejected', 'Chatwoot POST /conversations/5/messages answered 422: bad', { status: 422 }));
    const rows = await callerFor(viewer).crm.deadLetters({ workspaceId });
    expect(rows).toEqual([expect.objectContaining({ task: 'message', local_id: localId, status: 422, retryable: false, attempts: 1 })]);
    expect(await trpcCode(callerFor(stranger).crm.deadLetters({ workspaceId }))).toBe('NOT_FOUND');
  });
});
