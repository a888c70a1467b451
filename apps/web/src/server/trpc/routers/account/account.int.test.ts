// Sign up, password change and workspace rename through the real router on Postgres.
import { createTestDatabase, verifyPassword, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
const callerFor = (session: AppSession | null) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const sessionOf = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });

beforeAll(async () => {
  db = await createTestDatabase('web_account');
  process.env.DATABASE_URL = db.url;
});
afterAll(async () => db?.drop());

describe('account.signUp', () => {
  it('creates the user with a hashed password, a workspace and an owner membership', async () => {
    const result = await callerFor(null).account.signUp({ name: ' Ana ', email: ' Ana@Example.COM ', password: 'correct horse', workspaceName: 'Ana’s Café' });
    expect(result.workspace.slug).toBe('ana-s-cafe');
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: result.userId } });
    expect(user.email).toBe('ana@example.com');
    expect(user.name).toBe('Ana');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('correct horse', user.passwordHash)).toBe(true);
    const members = await db.prisma.member.findMany({ where: { workspaceId: result.workspace.id } });
    expect(members.map((m) => [m.userId, m.role])).toEqual([[result.userId, 'owner']]);
    expect(await callerFor(sessionOf(user)).workspace.list()).toEqual([{ id: result.workspace.id, name: 'Ana’s Café', slug: 'ana-s-cafe', role: 'owner' }]);
    const audit = await db.prisma.auditLog.findMany({ where: { workspaceId: result.workspace.id } });
    expect(audit.map((a) => a.action)).toEqual(['workspace.created']);
  });

  it('refuses a duplicate email (any case) with a clear CONFLICT and creates nothing', async () => {
    const before = await db.prisma.workspace.count();
    const call = callerFor(null).account.signUp({ name: '', email: 'ANA@example.com', password: 'another password', workspaceName: 'Second' });
    await expect(call).rejects.toThrow(/already exists/);
    expect(await trpcCode(callerFor(null).account.signUp({ name: '', email: 'ana@example.com', password: 'another password', workspaceName: 'Second' }))).toBe('CONFLICT');
    expect(await db.prisma.workspace.count()).toBe(before);
  });

  it('validates with the shared schema: bad email, short password, empty workspace name', async () => {
    for (const input of [
      { name: '', email: 'not-an-email', password: 'long enough', workspaceName: 'W' },
      { name: '', email: 'b@example.com', password: 'short', workspaceName: 'W' },
      { name: '', email: 'b@example.com', password: 'long enough', workspaceName: '   ' },
    ]) {
      expect(await trpcCode(callerFor(null).account.signUp(input))).toBe('BAD_REQUEST');
    }
    expect(await db.prisma.user.count({ where: { email: 'b@example.com' } })).toBe(0);
  });

  it('gives a second workspace with a taken name its own slug', async () => {
    const first = await callerFor(null).account.signUp({ name: '', email: 'c1@example.com', password: 'long enough', workspaceName: 'Support' });
    const second = await callerFor(null).account.signUp({ name: '', email: 'c2@example.com', password: 'long enough', workspaceName: 'Support' });
    expect(first.workspace.slug).toBe('support');
    expect(second.workspace.slug).toMatch(/^support-[0-9a-f]{6}$/);
  });
});

describe('account.changePassword', () => {
  it('needs the current password, then stores a new hash and audits the change', async () => {
    const { userId } = await callerFor(null).account.signUp({ name: '', email: 'pw@example.com', password: 'old password', workspaceName: 'PW' });
    const me = callerFor({ userId, email: 'pw@example.com', name: null });
    expect(await trpcCode(me.account.changePassword({ currentPassword: 'wrong password', newPassword: 'new password' }))).toBe('BAD_REQUEST');
    expect(await trpcCode(me.account.changePassword({ currentPassword: 'old password', newPassword: 'short' }))).toBe('BAD_REQUEST');
    expect(await trpcCode(me.account.changePassword({ currentPassword: 'old password', newPassword: 'old password' }))).toBe('BAD_REQUEST');
    const unchanged = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword('old password', unchanged.passwordHash)).toBe(true);

    expect(await me.account.changePassword({ currentPassword: 'old password', newPassword: 'new password' })).toEqual({ changed: true });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword('new password', user.passwordHash)).toBe(true);
    expect(await verifyPassword('old password', user.passwordHash)).toBe(false);
    const audit = await db.prisma.auditLog.findMany({ where: { actorId: userId, action: 'account.password_changed' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.workspaceId).toBeNull();
  });

  it('is refused without a session', async () => {
    expect(await trpcCode(callerFor(null).account.changePassword({ currentPassword: 'x', newPassword: 'long enough' }))).toBe('UNAUTHORIZED');
  });
});

describe('workspace.rename', () => {
  it('admins rename, editors and below are refused, strangers see nothing', async () => {
    const owner = await callerFor(null).account.signUp({ name: '', email: 'rn@example.com', password: 'long enough', workspaceName: 'Before' });
    const stranger = await callerFor(null).account.signUp({ name: '', email: 'rn-x@example.com', password: 'long enough', workspaceName: 'Elsewhere' });
    const workspaceId = owner.workspace.id;
    const users = await Promise.all(['admin', 'editor', 'agent', 'viewer'].map((r) => db.prisma.user.create({ data: { email: `rn-${r}@example.com`, passwordHash: 'x' } })));
    await db.prisma.member.createMany({
      data: users.map((u, i) => ({ workspaceId, userId: u.id, role: (['admin', 'editor', 'agent', 'viewer'] as const)[i]! })),
    });
    const [admin, editor, agent, viewer] = users.map(sessionOf);
    for (const s of [editor, agent, viewer]) expect(await trpcCode(callerFor(s!).workspace.rename({ workspaceId, name: 'Nope' }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor({ userId: stranger.userId, email: 'rn-x@example.com', name: null }).workspace.rename({ workspaceId, name: 'Mine' }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(admin!).workspace.rename({ workspaceId, name: '  ' }))).toBe('BAD_REQUEST');
    expect(await callerFor(admin!).workspace.rename({ workspaceId, name: 'After' })).toEqual({ id: workspaceId, name: 'After', slug: 'before' });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { workspaceId, action: 'workspace.renamed' } });
    expect(audit.data).toEqual({ from: 'Before', to: 'After' });
  });
});
