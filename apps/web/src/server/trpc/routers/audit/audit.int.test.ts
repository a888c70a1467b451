// The audit log procedures on Postgres: newest first, filters, cursor pages, the bounded range,
// actor names, roles (admin and above) and tenancy.
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
const sessions: Record<'owner' | 'admin' | 'editor' | 'viewer' | 'stranger', AppSession> = {} as never;
let workspaceId: string;
let keyId: string;
const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);

beforeAll(async () => {
  db = await createTestDatabase('web_audit_log');
  process.env.DATABASE_URL = db.url;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const workspace = await db.prisma.workspace.create({ data: { name: 'Audited', slug: 'audited' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  workspaceId = workspace.id;
  for (const role of ['owner', 'admin', 'editor', 'viewer', 'stranger'] as const) {
    const user = await db.prisma.user.create({ data: { email: `${role}@example.com`, passwordHash } });
    await db.prisma.member.create({ data: { workspaceId: role === 'stranger' ? other.id : workspaceId, userId: user.id, role: role === 'stranger' ? 'owner' : role } });
    sessions[role] = { userId: user.id, email: user.email, name: null };
  }
  const key = await db.prisma.apiKey.create({ data: { workspaceId, name: 'CI key', prefix: 'sk_ci', hash: 'h'.repeat(64), scopes: [] } });
  keyId = key.id;
  const admin = sessions.admin.userId;
  await db.prisma.auditLog.createMany({
    data: [
      { workspaceId, actorType: 'user', actorId: admin, action: 'flow.published', targetType: 'flow', targetId: 'f1', data: { version: 3 }, createdAt: ago(1) },
      { workspaceId, actorType: 'user', actorId: admin, action: 'flow.published', targetType: 'flow', targetId: 'f1', data: { version: 2 }, createdAt: ago(2) },
      { workspaceId, actorType: 'user', actorId: admin, action: 'flow.published', targetType: 'flow', targetId: 'f1', data: { version: 1 }, createdAt: ago(3) },
      { workspaceId, actorType: 'api_key', actorId: keyId, action: 'conversation.handoff', targetType: 'conversation', targetId: 'c1', createdAt: ago(4) },
      { workspaceId, actorType: 'system', action: 'meta_status.unmatched', createdAt: ago(40 * 24) },
      { workspaceId: other.id, actorType: 'system', action: 'other.thing', createdAt: ago(1) },
    ],
  });
});
afterAll(async () => db?.drop());

describe('audit log procedures', () => {
  it('lists the last 30 days newest first with named actors, targets and details', async () => {
    const page = await callerFor(sessions.admin).audit.list({ workspaceId });
    expect(page.entries.map((e) => [e.action, e.actor.type, e.actor.name])).toEqual([
      ['flow.published', 'user', 'admin@example.com'],
      ['flow.published', 'user', 'admin@example.com'],
      ['flow.published', 'user', 'admin@example.com'],
      ['conversation.handoff', 'api_key', 'CI key'],
    ]);
    expect(page.entries[0]).toMatchObject({ target: { type: 'flow', id: 'f1' }, details: { version: 3 } });
    expect(page.nextCursor).toBeNull();
    expect(page.range.clamped).toBe(false);
  });

  it('pages with a cursor and filters by action, actor and range', async () => {
    const caller = callerFor(sessions.owner);
    const first = await caller.audit.list({ workspaceId, limit: 3 });
    expect(first.entries.map((e) => (e.details as { version?: number } | null)?.version)).toEqual([3, 2, 1]);
    const second = await caller.audit.list({ workspaceId, limit: 3, cursor: first.nextCursor ?? 'missing' });
    expect(second.entries.map((e) => e.action)).toEqual(['conversation.handoff']);
    expect(second.nextCursor).toBeNull();
    expect((await caller.audit.list({ workspaceId, action: 'flow.published' })).entries).toHaveLength(3);
    expect((await caller.audit.list({ workspaceId, actorType: 'api_key', actorId: keyId })).entries.map((e) => e.action)).toEqual(['conversation.handoff']);
    const wide = await caller.audit.list({ workspaceId, from: ago(50 * 24), to: ago(0) });
    expect(wide.entries.map((e) => e.action).at(-1)).toBe('meta_status.unmatched');
    expect((await caller.audit.list({ workspaceId, from: ago(2.5), to: ago(1.5) })).entries.map((e) => (e.details as { version: number }).version)).toEqual([2]);
    const clamped = await caller.audit.list({ workspaceId, from: ago(3 * 366 * 24), to: ago(0) });
    expect(clamped.range.clamped).toBe(true);
    expect(await caller.audit.actions({ workspaceId, from: ago(50 * 24) })).toEqual(['conversation.handoff', 'flow.published', 'meta_status.unmatched']);
    expect(await trpcCode(caller.audit.list({ workspaceId, from: ago(1), to: ago(2) }))).toBe('BAD_REQUEST');
    expect(await trpcCode(caller.audit.list({ workspaceId, cursor: 'not a cursor' }))).toBe('BAD_REQUEST');
  });

  it('is for admins and owners of the workspace only, through every audit procedure', async () => {
    const calls: Record<string, (session: AppSession) => Promise<unknown>> = {
      list: (session) => callerFor(session).audit.list({ workspaceId }),
      actions: (session) => callerFor(session).audit.actions({ workspaceId }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('audit.')).map((p) => p.slice('audit.'.length));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    for (const [name, call] of Object.entries(calls)) {
      expect(await trpcCode(call(sessions.editor)), name).toBe('FORBIDDEN');
      expect(await trpcCode(call(sessions.viewer)), name).toBe('FORBIDDEN');
      expect(await trpcCode(call(sessions.stranger)), name).toBe('NOT_FOUND');
      await expect(call(sessions.admin)).resolves.toBeTruthy();
      await expect(call(sessions.owner)).resolves.toBeTruthy();
    }
    const theirId = (await db.prisma.member.findFirstOrThrow({ where: { userId: sessions.stranger.userId } })).workspaceId;
    const theirs = await callerFor(sessions.stranger).audit.list({ workspaceId: theirId });
    expect(theirs.entries.map((e) => e.action)).toEqual(['other.thing']);
  });
});
