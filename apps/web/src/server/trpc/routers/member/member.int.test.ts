// Members and invites through the real router on Postgres: role rules, the last owner,
// invite links (hashed, expiring, revocable, single use) for signed-in and new users, tenancy.
import { createTestDatabase, verifyPassword, type MemberRole, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashInviteToken } from '../../../accounts/invite-token';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let workspaceId: string;
let otherWorkspaceId: string;
const s: Record<'owner' | 'admin' | 'editor' | 'agent' | 'viewer' | 'stranger', AppSession> = {} as never;

const callerFor = (session: AppSession | null) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const tokenOf = (url: string) => url.split('/invite/')[1]!;

beforeAll(async () => {
  db = await createTestDatabase('web_members');
  process.env.DATABASE_URL = db.url;
  process.env.APP_URL = 'http://dash.test';
  const workspace = await db.prisma.workspace.create({ data: { name: 'Team', slug: 'team' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  for (const role of ['owner', 'admin', 'editor', 'agent', 'viewer', 'stranger'] as const) {
    const user = await db.prisma.user.create({ data: { email: `${role}@example.com`, name: role, passwordHash: 'x' } });
    const memberRole: MemberRole = role === 'stranger' ? 'owner' : role;
    await db.prisma.member.create({ data: { workspaceId: role === 'stranger' ? other.id : workspace.id, userId: user.id, role: memberRole } });
    s[role] = { userId: user.id, email: user.email, name: role };
  }
});
afterAll(async () => db?.drop());

async function roleOf(userId: string, ws = workspaceId) {
  return (await db.prisma.member.findUnique({ where: { workspaceId_userId: { workspaceId: ws, userId } } }))?.role ?? null;
}

describe('member procedures', () => {
  it('lists members with roles to any member, nothing to strangers', async () => {
    const list = await callerFor(s.viewer).member.list({ workspaceId });
    expect(list.map((m) => [m.email, m.role])).toEqual([
      ['owner@example.com', 'owner'],
      ['admin@example.com', 'admin'],
      ['editor@example.com', 'editor'],
      ['agent@example.com', 'agent'],
      ['viewer@example.com', 'viewer'],
    ]);
    expect(await trpcCode(callerFor(s.stranger).member.list({ workspaceId }))).toBe('NOT_FOUND');
  });

  it('refuses role changes and removals to editors, agents and viewers', async () => {
    for (const who of [s.editor, s.agent, s.viewer]) {
      expect(await trpcCode(callerFor(who).member.setRole({ workspaceId, userId: s.viewer.userId, role: 'editor' }))).toBe('FORBIDDEN');
      expect(await trpcCode(callerFor(who).member.remove({ workspaceId, userId: s.viewer.userId }))).toBe('FORBIDDEN');
    }
    expect(await roleOf(s.viewer.userId)).toBe('viewer');
  });

  it('refuses another workspace: its owner cannot touch these members, from either workspace', async () => {
    expect(await trpcCode(callerFor(s.stranger).member.setRole({ workspaceId, userId: s.viewer.userId, role: 'admin' }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.stranger).member.remove({ workspaceId, userId: s.viewer.userId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.stranger).member.setRole({ workspaceId: otherWorkspaceId, userId: s.viewer.userId, role: 'admin' }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.stranger).member.remove({ workspaceId: otherWorkspaceId, userId: s.viewer.userId }))).toBe('NOT_FOUND');
    expect(await roleOf(s.viewer.userId)).toBe('viewer');
  });

  it('lets an admin change roles below owner, but not grant or touch the owner role', async () => {
    const changed = await callerFor(s.admin).member.setRole({ workspaceId, userId: s.viewer.userId, role: 'agent' });
    expect(changed.role).toBe('agent');
    expect(await trpcCode(callerFor(s.admin).member.setRole({ workspaceId, userId: s.editor.userId, role: 'owner' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(s.admin).member.setRole({ workspaceId, userId: s.owner.userId, role: 'viewer' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(s.admin).member.remove({ workspaceId, userId: s.owner.userId }))).toBe('FORBIDDEN');
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: 'member.role_changed', targetId: s.viewer.userId } });
    expect(audit.actorId).toBe(s.admin.userId);
    expect(audit.data).toEqual({ from: 'viewer', to: 'agent' });
    await callerFor(s.owner).member.setRole({ workspaceId, userId: s.viewer.userId, role: 'viewer' });
  });

  it('never demotes or removes the last owner, even by themselves', async () => {
    const demote = callerFor(s.owner).member.setRole({ workspaceId, userId: s.owner.userId, role: 'admin' });
    await expect(demote).rejects.toThrow(/last owner/);
    expect(await trpcCode(callerFor(s.owner).member.remove({ workspaceId, userId: s.owner.userId }))).toBe('CONFLICT');
    expect(await roleOf(s.owner.userId)).toBe('owner');
    // With a second owner the first may step down.
    await callerFor(s.owner).member.setRole({ workspaceId, userId: s.admin.userId, role: 'owner' });
    expect((await callerFor(s.owner).member.setRole({ workspaceId, userId: s.owner.userId, role: 'admin' })).role).toBe('admin');
    // Two owners demoting each other at once: one wins, one owner remains.
    await callerFor(s.admin).member.setRole({ workspaceId, userId: s.owner.userId, role: 'owner' });
    const results = await Promise.allSettled([
      callerFor(s.owner).member.setRole({ workspaceId, userId: s.admin.userId, role: 'admin' }),
      callerFor(s.admin).member.setRole({ workspaceId, userId: s.owner.userId, role: 'admin' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.prisma.member.count({ where: { workspaceId, role: 'owner' } })).toBe(1);
    // Restore: owner is the owner, admin is admin.
    const ownerNow = (await roleOf(s.owner.userId)) === 'owner' ? s.owner : s.admin;
    await callerFor(ownerNow).member.setRole({ workspaceId, userId: s.owner.userId, role: 'owner' });
    await callerFor(s.owner).member.setRole({ workspaceId, userId: s.admin.userId, role: 'admin' });
  });

  it('removes a member (audited); an unknown member is NOT_FOUND', async () => {
    const temp = await db.prisma.user.create({ data: { email: 'temp@example.com', passwordHash: 'x' } });
    await db.prisma.member.create({ data: { workspaceId, userId: temp.id, role: 'editor' } });
    expect(await callerFor(s.admin).member.remove({ workspaceId, userId: temp.id })).toEqual({ removed: true });
    expect(await roleOf(temp.id)).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: 'member.removed', targetId: temp.id } })).toBe(1);
    expect(await trpcCode(callerFor(s.admin).member.remove({ workspaceId, userId: temp.id }))).toBe('NOT_FOUND');
  });
});

describe('invite procedures', () => {
  it('an admin invites by link: token stored hashed, 7-day expiry, audited; others are refused', async () => {
    const before = Date.now();
    const { invite, url } = await callerFor(s.admin).invite.create({ workspaceId, email: ' New@Example.com ', role: 'editor' });
    expect(url).toMatch(/^http:\/\/dash\.test\/invite\/inv_[A-Za-z0-9_-]{43}$/);
    expect(invite).toMatchObject({ email: 'new@example.com', role: 'editor', status: 'pending', invitedBy: 'admin@example.com' });
    const row = await db.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.tokenHash).toBe(hashInviteToken(tokenOf(url)));
    expect(JSON.stringify(row)).not.toContain(tokenOf(url));
    const ttl = row.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: 'invite.created', targetId: invite.id } })).toBe(1);

    for (const who of [s.editor, s.agent, s.viewer]) {
      expect(await trpcCode(callerFor(who).invite.create({ workspaceId, email: 'x@example.com', role: 'viewer' }))).toBe('FORBIDDEN');
      expect(await trpcCode(callerFor(who).invite.list({ workspaceId }))).toBe('FORBIDDEN');
      expect(await trpcCode(callerFor(who).invite.revoke({ workspaceId, id: invite.id }))).toBe('FORBIDDEN');
    }
    expect(await trpcCode(callerFor(s.stranger).invite.list({ workspaceId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.stranger).invite.revoke({ workspaceId: otherWorkspaceId, id: invite.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.admin).invite.create({ workspaceId, email: 'boss@example.com', role: 'owner' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(s.admin).invite.create({ workspaceId, email: 'editor@example.com', role: 'viewer' }))).toBe('CONFLICT');
    expect((await callerFor(s.admin).invite.list({ workspaceId })).map((i) => i.email)).toContain('new@example.com');
  });

  it('a new user signs up from the link and joins with the invited role; the link is then used up', async () => {
    const { url } = await callerFor(s.owner).invite.create({ workspaceId, email: 'newbie@example.com', role: 'agent' });
    const token = tokenOf(url);
    const preview = await callerFor(null).invite.preview({ token });
    expect(preview).toMatchObject({ workspaceName: 'Team', email: 'newbie@example.com', role: 'agent', accountExists: false });
    expect(await trpcCode(callerFor(null).invite.signUp({ token, name: 'N', password: 'short' }))).toBe('BAD_REQUEST');
    const joined = await callerFor(null).invite.signUp({ token, name: 'Newbie', password: 'long enough' });
    expect(joined).toEqual({ email: 'newbie@example.com', workspace: { id: workspaceId, slug: 'team', name: 'Team' } });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'newbie@example.com' } });
    expect(await verifyPassword('long enough', user.passwordHash)).toBe(true);
    expect(await roleOf(user.id)).toBe('agent');
    // No workspace of their own: they joined this one only.
    expect(await db.prisma.member.count({ where: { userId: user.id } })).toBe(1);
    expect(await trpcCode(callerFor(null).invite.preview({ token }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(null).invite.signUp({ token, name: 'Again', password: 'long enough' }))).toBe('NOT_FOUND');
    expect((await callerFor(s.owner).invite.list({ workspaceId })).find((i) => i.email === 'newbie@example.com')?.status).toBe('accepted');
  });

  it('a signed-in user accepts with their own account only, and gains a second workspace', async () => {
    const { url } = await callerFor(s.stranger).invite.create({ workspaceId: otherWorkspaceId, email: 'viewer@example.com', role: 'editor' });
    const token = tokenOf(url);
    expect((await callerFor(null).invite.preview({ token })).accountExists).toBe(true);
    expect(await trpcCode(callerFor(null).invite.accept({ token }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(callerFor(s.agent).invite.accept({ token }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(null).invite.signUp({ token, name: '', password: 'long enough' }))).toBe('CONFLICT');
    const accepted = await callerFor(s.viewer).invite.accept({ token });
    expect(accepted.workspace.id).toBe(otherWorkspaceId);
    expect(await roleOf(s.viewer.userId, otherWorkspaceId)).toBe('editor');
    expect((await callerFor(s.viewer).workspace.list()).map((w) => [w.slug, w.role])).toEqual([
      ['other', 'editor'],
      ['team', 'viewer'],
    ]);
    expect(await trpcCode(callerFor(s.viewer).invite.accept({ token }))).toBe('NOT_FOUND');
    expect(await db.prisma.auditLog.count({ where: { workspaceId: otherWorkspaceId, action: 'invite.accepted', actorId: s.viewer.userId } })).toBe(1);
  });

  it('a revoked or expired link does not work', async () => {
    const revoked = await callerFor(s.admin).invite.create({ workspaceId, email: 'gone@example.com', role: 'viewer' });
    expect(await callerFor(s.admin).invite.revoke({ workspaceId, id: revoked.invite.id })).toEqual({ revoked: true });
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: 'invite.revoked', targetId: revoked.invite.id } })).toBe(1);
    expect(await trpcCode(callerFor(null).invite.preview({ token: tokenOf(revoked.url) }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.admin).invite.revoke({ workspaceId, id: revoked.invite.id }))).toBe('NOT_FOUND');

    const expired = await callerFor(s.admin).invite.create({ workspaceId, email: 'late@example.com', role: 'viewer' });
    await db.prisma.invite.update({ where: { id: expired.invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await trpcCode(callerFor(null).invite.signUp({ token: tokenOf(expired.url), name: '', password: 'long enough' }))).toBe('NOT_FOUND');
    expect((await callerFor(s.admin).invite.list({ workspaceId })).find((i) => i.id === expired.invite.id)?.status).toBe('expired');
    expect(await db.prisma.user.count({ where: { email: 'late@example.com' } })).toBe(0);
  });
});

describe('tenancy of every member and invite procedure', () => {
  it('a member of another workspace gets NOT_FOUND from each workspace-scoped one (listed so a new one cannot be forgotten)', async () => {
    const pending = await callerFor(s.owner).invite.create({ workspaceId, email: 'tenancy@example.com', role: 'viewer' });
    const stranger = callerFor(s.stranger);
    const calls: Record<string, (() => Promise<unknown>) | 'token-scoped'> = {
      'member.list': () => stranger.member.list({ workspaceId }),
      'member.setRole': () => stranger.member.setRole({ workspaceId, userId: s.viewer.userId, role: 'admin' }),
      'member.remove': () => stranger.member.remove({ workspaceId, userId: s.viewer.userId }),
      'invite.create': () => stranger.invite.create({ workspaceId, email: 'x@example.com', role: 'viewer' }),
      'invite.list': () => stranger.invite.list({ workspaceId }),
      'invite.revoke': () => stranger.invite.revoke({ workspaceId, id: pending.invite.id }),
      // The link's token is the credential here (tested above): no workspace is named.
      'invite.preview': 'token-scoped',
      'invite.accept': 'token-scoped',
      'invite.signUp': 'token-scoped',
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('member.') || p.startsWith('invite.'));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    for (const [name, call] of Object.entries(calls)) {
      if (call !== 'token-scoped') expect(await trpcCode(call()), name).toBe('NOT_FOUND');
    }
    expect(await db.prisma.invite.count({ where: { id: pending.invite.id } })).toBe(1);
    expect(await roleOf(s.viewer.userId)).toBe('viewer');
  });
});
