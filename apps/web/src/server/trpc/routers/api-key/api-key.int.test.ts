// API keys through the dashboard's procedures on Postgres, checked against the api's real
// authenticator: the secret is shown once and works; rotation keeps the old key for the overlap;
// revocation stops it; only admins manage keys; other workspaces see nothing.
import { createApiKeyAuthenticator } from '@switchboard/core';
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let admin: AppSession;
let editor: AppSession;
let stranger: AppSession;
let workspaceId: string;
let otherWorkspaceId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const authenticate = (key: string) => createApiKeyAuthenticator({ prisma: db.prisma, cacheTtlMs: 0 }).authenticate(key);


beforeAll(async () => {
  db = await createTestDatabase('web_api_keys');
  process.env.DATABASE_URL = db.url;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [a, e, s] = await Promise.all(['a', 'e', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Keys', slug: 'keys' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: a!.id, role: 'admin' },
      { workspaceId: workspace.id, userId: e!.id, role: 'editor' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  admin = session(a!);
  editor = session(e!);
  stranger = session(s!);
});
afterAll(async () => db?.drop());

describe('api key procedures', () => {
  it('creates a key whose secret is shown once, stored only as a hash, and works with its scopes', async () => {
    const created = await callerFor(admin).apiKey.create({ workspaceId, key: { name: 'Billing', scopes: ['messages:write', 'messages:read'], expires_in_days: 30 } });
    expect(created.key).toMatch(/^sb_live_[0-9A-Za-z]{40}$/);
    expect(created.api_key).toMatchObject({ name: 'Billing', status: 'active', prefix: created.key.slice(0, 12) });
    expect(new Date(created.api_key.expires_at!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await callerFor(admin).apiKey.list({ workspaceId });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.api_key.id } });
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.createdById).toBe(admin.userId);
    await expect(authenticate(created.key)).resolves.toMatchObject({ workspaceId, scopes: ['messages:write', 'messages:read'] });
    expect(await db.prisma.auditLog.count({ where: { targetId: created.api_key.id, action: 'api_key.created' } })).toBe(1);
  });

  it('refuses a key without a name or scopes, or with a scope that does not exist', async () => {
    expect(await trpcCode(callerFor(admin).apiKey.create({ workspaceId, key: { name: ' ', scopes: ['messages:write'] } }))).toBe('BAD_REQUEST');
    expect(await trpcCode(callerFor(admin).apiKey.create({ workspaceId, key: { name: 'x', scopes: [] } }))).toBe('BAD_REQUEST');
    // @ts-expect-error: not a scope
    expect(await trpcCode(callerFor(admin).apiKey.create({ workspaceId, key: { name: 'x', scopes: ['admin:everything'] } }))).toBe('BAD_REQUEST');
    expect(await trpcCode(callerFor(admin).apiKey.create({ workspaceId, key: { name: 'x', scopes: ['messages:read', 'messages:read'] } }))).toBe('BAD_REQUEST');
  });

  it('rotation gives a new secret with the same scopes; the old one works for the overlap, then not', async () => {
    const first = await callerFor(admin).apiKey.create({ workspaceId, key: { name: 'Rotating', scopes: ['channels:read'] } });
    const rotated = await callerFor(admin).apiKey.rotate({ workspaceId, id: first.api_key.id, rotation: { overlap_hours: 2 } });
    expect(rotated.key).not.toBe(first.key);
    expect(rotated.api_key).toMatchObject({ name: 'Rotating', scopes: ['channels:read'], status: 'active' });
    await expect(authenticate(rotated.key)).resolves.toMatchObject({ scopes: ['channels:read'] });
    await expect(authenticate(first.key)).resolves.toMatchObject({ workspaceId });
    const old = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: first.api_key.id } });
    expect(old.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 1.9 * 3_600_000);
    expect(old.expiresAt!.getTime()).toBeLessThan(Date.now() + 2.1 * 3_600_000);
    // The overlap ends: the old key is refused.
    await db.prisma.apiKey.update({ where: { id: first.api_key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(authenticate(first.key)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await trpcCode(callerFor(admin).apiKey.rotate({ workspaceId, id: first.api_key.id }))).toBe('CONFLICT');
  });

  it('revocation stops the key at once and is recorded once', async () => {
    const created = await callerFor(admin).apiKey.create({ workspaceId, key: { name: 'Leaked', scopes: ['messages:write'] } });
    const revoked = await callerFor(admin).apiKey.revoke({ workspaceId, id: created.api_key.id });
    expect(revoked.status).toBe('revoked');
    await expect(authenticate(created.key)).rejects.toMatchObject({ code: 'unauthorized' });
    await callerFor(admin).apiKey.revoke({ workspaceId, id: created.api_key.id });
    expect(await db.prisma.auditLog.count({ where: { targetId: created.api_key.id, action: 'api_key.revoked' } })).toBe(1);
  });

  it('only admins manage keys, and another workspace gets nothing', async () => {
    const created = await callerFor(admin).apiKey.create({ workspaceId, key: { name: 'Mine', scopes: ['messages:read'] } });
    expect(await trpcCode(callerFor(editor).apiKey.list({ workspaceId }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(editor).apiKey.create({ workspaceId, key: { name: 'x', scopes: ['messages:read'] } }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(editor).apiKey.revoke({ workspaceId, id: created.api_key.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(stranger).apiKey.list({ workspaceId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(stranger).apiKey.revoke({ workspaceId: otherWorkspaceId, id: created.api_key.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(stranger).apiKey.rotate({ workspaceId: otherWorkspaceId, id: created.api_key.id }))).toBe('NOT_FOUND');
    expect(await callerFor(stranger).apiKey.list({ workspaceId: otherWorkspaceId })).toEqual([]);
    await expect(authenticate(created.key)).resolves.toMatchObject({ workspaceId });
  });
});
