// The dashboard's webhook procedures through the real router on Postgres: roles, tenancy, secret
// shown once, rotation, disable notice data, delivery log and replay.
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let owner: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));


beforeAll(async () => {
  db = await createTestDatabase('web_webhooks');
  process.env.DATABASE_URL = db.url;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [o, v, s] = await Promise.all(['o', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Hooks', slug: 'hooks' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: o!.id, role: 'admin' },
      { workspaceId: workspace.id, userId: v!.id, role: 'viewer' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  owner = session(o!);
  viewer = session(v!);
  stranger = session(s!);
});
afterAll(async () => db?.drop());

describe('webhook procedures', () => {
  it('an admin creates an endpoint and sees its secret once; refused URLs are BAD_REQUEST', async () => {
    const created = await callerFor(owner).webhook.create({ workspaceId, endpoint: { url: 'https://93.184.216.34/hook', event_types: ['message.failed'], enabled: true } });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await callerFor(viewer).webhook.list({ workspaceId });
    expect(listed.map((e) => e.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    expect(await trpcCode(callerFor(owner).webhook.create({ workspaceId, endpoint: { url: 'https://169.254.169.254/latest', event_types: [], enabled: true } }))).toBe('BAD_REQUEST');
    expect(await trpcCode(callerFor(owner).webhook.create({ workspaceId, endpoint: { url: 'http://93.184.216.34/hook', event_types: [], enabled: true } }))).toBe('BAD_REQUEST');
  });

  it('viewers read but cannot change; other workspaces see nothing', async () => {
    const [endpoint] = await callerFor(owner).webhook.list({ workspaceId });
    expect(await trpcCode(callerFor(viewer).webhook.rotateSecret({ workspaceId, id: endpoint!.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(viewer).webhook.create({ workspaceId, endpoint: { url: 'https://93.184.216.34/x', event_types: [], enabled: true } }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(stranger).webhook.list({ workspaceId }))).toBe('NOT_FOUND');
    // Another workspace's owner naming this endpoint from their own workspace: it does not exist for them.
    const theirs = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: 'other' } });
    expect(await trpcCode(callerFor(stranger).webhook.deliveries({ workspaceId: theirs.id, id: endpoint!.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(stranger).webhook.update({ workspaceId: theirs.id, id: endpoint!.id, changes: { enabled: false } }))).toBe('NOT_FOUND');
  });

  it('rotation, disabling and the delivery log', async () => {
    const [endpoint] = await callerFor(owner).webhook.list({ workspaceId });
    const rotated = await callerFor(owner).webhook.rotateSecret({ workspaceId, id: endpoint!.id });
    expect(rotated.previous_secret_expires_at).not.toBeNull();
    const disabled = await callerFor(owner).webhook.update({ workspaceId, id: endpoint!.id, changes: { enabled: false } });
    expect(disabled).toMatchObject({ enabled: false, disabled_reason: 'by_user' });
    expect(await db.prisma.auditLog.count({ where: { action: 'webhook_endpoint.disabled', actorType: 'user', actorId: owner.userId } })).toBe(1);
    expect(await callerFor(viewer).webhook.deliveries({ workspaceId, id: endpoint!.id })).toEqual({ data: [], next_cursor: null });
    expect(await trpcCode(callerFor(owner).webhook.replayEndpoint({ workspaceId, id: endpoint!.id, range: { since: '2026-01-01T00:00:00Z' } }))).toBe('UNPROCESSABLE_CONTENT');
    expect(await trpcCode(callerFor(owner).webhook.replayEvent({ workspaceId, eventId: '019a0000-0000-7000-8000-000000000001' }))).toBe('NOT_FOUND');
    expect(await callerFor(owner).webhook.delete({ workspaceId, id: endpoint!.id })).toEqual({ deleted: true });
    expect(await callerFor(owner).webhook.list({ workspaceId })).toEqual([]);
  });
});
