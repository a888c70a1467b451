import { createTestDatabase } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../auth/app-session';
import { createInnerContext } from './context';
import { createCallerFactory, roleProcedure, router } from './init';
import { createCaller } from './root';
import { WORKSPACE_COOKIE } from './workspace-cookie';
import { trpcCode } from './testing/trpc-code';

let db: TestDatabase;
let alice: AppSession; // owner of Acme, viewer of Beta
let bob: AppSession; // owner of Beta only
let acmeId: string;
let betaId: string;

function callerFor(session: AppSession | null, opts: { selectedWorkspaceId?: string; resHeaders?: Headers } = {}) {
  return createCaller(createInnerContext({ session, prisma: db.prisma, ...opts }));
}


function channelData(workspaceId: string, n: number) {
  return {
    workspaceId,
    kind: 'sandbox' as const,
    phoneNumberId: `90000000000000${n}`,
    wabaId: `80000000000000${n}`,
    displayPhoneNumber: `1555000000${n}`,
    accessTokenEnc: 'x',
    appSecretEnc: 'x',
    verifyTokenEnc: 'x',
    verifyTokenHash: `hash-${n}`,
  };
}

beforeAll(async () => {
  db = await createTestDatabase('web_trpc');
  const p = db.prisma;
  // Not a real hash: these tests never sign in through the password path.
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const a = await p.user.create({ data: { email: 'alice@example.com', name: 'Alice', passwordHash } });
  const b = await p.user.create({ data: { email: 'bob@example.com', name: null, passwordHash } });
  const acme = await p.workspace.create({ data: { name: 'Acme', slug: 'acme' } });
  const beta = await p.workspace.create({ data: { name: 'Beta', slug: 'beta' } });
  await p.member.createMany({
    data: [
      { workspaceId: acme.id, userId: a.id, role: 'owner' },
      { workspaceId: beta.id, userId: a.id, role: 'viewer' },
      { workspaceId: beta.id, userId: b.id, role: 'owner' },
    ],
  });
  await p.channel.create({ data: channelData(acme.id, 1) });
  await p.channel.create({ data: { ...channelData(acme.id, 2), deletedAt: new Date() } });
  await p.channel.create({ data: channelData(beta.id, 3) });
  await p.bot.create({ data: { workspaceId: acme.id, name: 'Support', mode: 'flow' } });
  alice = { userId: a.id, email: a.email, name: a.name };
  bob = { userId: b.id, email: b.email, name: b.name };
  acmeId = acme.id;
  betaId = beta.id;
});

afterAll(async () => {
  await db?.drop();
});

describe('appRouter through a server-side caller', () => {
  it('lists the workspaces a user belongs to, with their role', async () => {
    expect(await callerFor(alice).workspace.list()).toEqual([
      { id: acmeId, name: 'Acme', slug: 'acme', role: 'owner' },
      { id: betaId, name: 'Beta', slug: 'beta', role: 'viewer' },
    ]);
    expect(await callerFor(bob).workspace.list()).toEqual([{ id: betaId, name: 'Beta', slug: 'beta', role: 'owner' }]);
  });

  it("shows a member their workspace's overview, live channels and bots", async () => {
    const caller = callerFor(alice);
    expect(await caller.workspace.overview({ workspaceId: acmeId })).toEqual({
      workspace: { id: acmeId, name: 'Acme', slug: 'acme' },
      role: 'owner',
      channelCount: 1,
      botCount: 1,
    });
    const channels = await caller.channel.list({ workspaceId: acmeId });
    expect(channels.map((c) => c.displayPhoneNumber)).toEqual(['15550000001']);
    expect(channels[0]?.createdAt).toBeInstanceOf(Date);
    expect((await caller.bot.list({ workspaceId: acmeId })).map((b) => b.name)).toEqual(['Support']);
  });

  it("answers NOT_FOUND for another tenant's workspace, by input or by cookie", async () => {
    expect(await trpcCode(callerFor(bob).workspace.overview({ workspaceId: acmeId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(bob).channel.list({ workspaceId: acmeId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(bob).bot.list({ workspaceId: acmeId }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(bob, { selectedWorkspaceId: acmeId }).channel.list())).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(bob).workspace.select({ workspaceId: acmeId }))).toBe('NOT_FOUND');
  });

  it('uses the selection cookie when no workspace is named, and BAD_REQUEST without either', async () => {
    const overview = await callerFor(alice, { selectedWorkspaceId: betaId }).workspace.overview();
    expect(overview.workspace.slug).toBe('beta');
    expect(overview.role).toBe('viewer');
    expect(await trpcCode(callerFor(alice).workspace.overview())).toBe('BAD_REQUEST');
  });

  it('rejects every call without a session', async () => {
    const anonymous = callerFor(null);
    expect(await trpcCode(anonymous.workspace.list())).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.workspace.overview({ workspaceId: acmeId }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.channel.list({ workspaceId: acmeId }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.workspace.select({ workspaceId: acmeId }))).toBe('UNAUTHORIZED');
  });

  it('rejects a malformed workspace id as bad input, not as a server error', async () => {
    expect(await trpcCode(callerFor(alice).channel.list({ workspaceId: 'not-a-uuid' }))).toBe('BAD_REQUEST');
  });

  it('selecting a workspace sets the selection cookie for members only', async () => {
    const resHeaders = new Headers();
    expect(await callerFor(alice, { resHeaders }).workspace.select({ workspaceId: betaId })).toEqual({ id: betaId, slug: 'beta' });
    expect(resHeaders.get('set-cookie')).toContain(`${WORKSPACE_COOKIE}=${betaId}`);
  });

  it('enforces a minimum role with roleProcedure', async () => {
    const adminOnly = router({ ping: roleProcedure('admin').query(({ ctx }) => ctx.role) });
    const call = (session: AppSession, workspaceId: string) =>
      createCallerFactory(adminOnly)(createInnerContext({ session, prisma: db.prisma })).ping({ workspaceId });
    expect(await call(alice, acmeId)).toBe('owner');
    expect(await trpcCode(call(alice, betaId))).toBe('FORBIDDEN');
  });
});
