// The bots page's procedures on Postgres: create, attach to a channel and a
// flow, switch mode, disable; the status the list derives; roles and tenancy.
import { createTestDatabase, type TestDatabase } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';

let db: TestDatabase;
let editor: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let otherWorkspaceId: string;
let channelId: string;
let foreignChannelId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}

const channel = (ws: string, n: string) =>
  db.prisma.channel.create({
    data: {
      workspaceId: ws, kind: 'sandbox', phoneNumberId: `pn-${n}`, wabaId: 'w', displayPhoneNumber: `+1 555 000 ${n}`,
      accessTokenEnc: 'x', appSecretEnc: 'x', verifyTokenEnc: 'x', verifyTokenHash: `h-${n}`,
    },
  });

beforeAll(async () => {
  db = await createTestDatabase('web_bots');
  process.env.DATABASE_URL = db.url;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const users = await Promise.all(['e', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@bots.example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Bots', slug: 'bots' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other-bots' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: users[0]!.id, role: 'editor' },
      { workspaceId: workspace.id, userId: users[1]!.id, role: 'viewer' },
      { workspaceId: other.id, userId: users[2]!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  channelId = (await channel(workspaceId, '1')).id;
  foreignChannelId = (await channel(otherWorkspaceId, '2')).id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  [editor, viewer, stranger] = users.map((u) => session(u!)) as [AppSession, AppSession, AppSession];
});
afterAll(async () => db?.drop());

describe('bot procedures', () => {
  it('creates a flow bot, attaches channel and flow, and the list says why it is not live until published', async () => {
    const caller = callerFor(editor);
    const { id } = await caller.bot.create({ workspaceId, name: 'Helper', mode: 'flow', channelId: null, activeFlowId: null, enabled: true });
    expect((await callerFor(viewer).bot.list({ workspaceId }))[0]).toMatchObject({ id, mode: 'flow', channel: null, flow: null, status: 'no_channel' });

    const flow = await caller.flow.create({ workspaceId, name: 'Greeter' });
    await caller.bot.update({ workspaceId, botId: id, channelId, activeFlowId: flow.id });
    expect((await caller.bot.list({ workspaceId }))[0]).toMatchObject({
      channel: { id: channelId, displayPhoneNumber: '+1 555 000 1', kind: 'sandbox' },
      flow: { id: flow.id, name: 'Greeter', publishedVersion: null },
      status: 'unpublished',
    });
    await db.prisma.flowVersion.create({ data: { workspaceId, flowId: flow.id, version: 1, document: {} } });
    expect((await caller.bot.list({ workspaceId }))[0]).toMatchObject({ flow: { publishedVersion: 1 }, status: 'live' });

    await caller.bot.update({ workspaceId, botId: id, enabled: false });
    expect((await caller.bot.list({ workspaceId }))[0]).toMatchObject({ enabled: false, status: 'disabled' });
    await caller.bot.update({ workspaceId, botId: id, enabled: true, mode: 'agent' });
    expect((await caller.bot.list({ workspaceId }))[0]).toMatchObject({ mode: 'agent', status: 'no_agent_settings' });
    expect(await db.prisma.auditLog.findMany({ where: { targetId: id }, select: { action: true }, orderBy: { createdAt: 'asc' } })).toEqual([
      { action: 'bot.created' }, { action: 'bot.updated' }, { action: 'bot.updated' }, { action: 'bot.updated' },
    ]);
  });

  it('refuses another workspace\'s channel or flow, and bad fields, with the field named', async () => {
    const caller = callerFor(editor);
    const bot = (await caller.bot.list({ workspaceId }))[0]!;
    expect(await trpcCode(caller.bot.update({ workspaceId, botId: bot.id, channelId: foreignChannelId }))).toBe('BAD_REQUEST');
    expect(await trpcCode(caller.bot.create({ workspaceId, name: ' ', mode: 'flow', channelId: null, activeFlowId: null, enabled: true }))).toBe('BAD_REQUEST');
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).channelId).toBe(channelId);
  });

  it('viewers cannot change bots, and another workspace gets nothing through any bot procedure', async () => {
    const bot = (await callerFor(editor).bot.list({ workspaceId }))[0]!;
    const fields = { name: 'x', mode: 'flow' as const, channelId: null, activeFlowId: null, enabled: true };
    const calls: Record<string, (s: AppSession, ws: string) => Promise<unknown>> = {
      list: (s, ws) => callerFor(s).bot.list({ workspaceId: ws }),
      create: (s, ws) => callerFor(s).bot.create({ workspaceId: ws, ...fields }),
      update: (s, ws) => callerFor(s).bot.update({ workspaceId: ws, botId: bot.id, enabled: false }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('bot.')).map((p) => p.slice('bot.'.length));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    expect(await trpcCode(calls.create!(viewer, workspaceId))).toBe('FORBIDDEN');
    expect(await trpcCode(calls.update!(viewer, workspaceId))).toBe('FORBIDDEN');
    for (const [name, call] of Object.entries(calls)) expect(await trpcCode(call(stranger, workspaceId)), name).toBe('NOT_FOUND');
    expect(await trpcCode(calls.update!(stranger, otherWorkspaceId))).toBe('NOT_FOUND');
    expect((await db.prisma.bot.findUniqueOrThrow({ where: { id: bot.id } })).enabled).toBe(true);
    expect(await db.prisma.bot.count()).toBe(1);
  });
});
