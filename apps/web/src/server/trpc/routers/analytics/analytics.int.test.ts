// The analytics procedures on Postgres: exact counts, rates, the median time to reply, AI usage and
// cost, the per-node funnel of a published version, the period bounds, and tenancy.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let funnelWorkspaceId: string;
let channelA: string;
let versionId: string;
const box = createSecretBox(DEV_ENCRYPTION_KEY);
const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Three whole UTC days ending at yesterday's midnight, so the period is fixed whatever the time of the run.
const day0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
const at = (day: number, h: number, m = 0, s = 0) => new Date(day0 + day * DAY + h * HOUR + m * 60_000 + s * 1000);
const period = { from: new Date(day0), to: new Date(day0 + 3 * DAY) };

async function seedChannel(workspace: string, phone: string) {
  return db.prisma.channel.create({
    data: {
      workspaceId: workspace, kind: 'sandbox', phoneNumberId: phone, wabaId: `w${phone}`, displayPhoneNumber: `1555${phone}`,
      accessTokenEnc: box.encrypt('t'), appSecretEnc: box.encrypt('s'), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: `h${phone}`,
    },
  });
}

async function seedConversation(workspace: string, channelId: string, waId: string, botId?: string) {
  const contact = await db.prisma.contact.create({ data: { workspaceId: workspace, waId } });
  return db.prisma.conversation.create({ data: { workspaceId: workspace, channelId, contactId: contact.id, ...(botId ? { botId } : {}) } });
}

type Seeded = { direction: 'inbound' | 'outbound'; status: string; at: Date; source?: 'api' | 'bot' | 'whatsapp'; metadata?: object };
async function seedMessages(workspace: string, conversation: { id: string; channelId: string; contactId: string }, rows: Seeded[]) {
  await db.prisma.message.createMany({
    data: rows.map((r) => ({
      workspaceId: workspace, channelId: conversation.channelId, conversationId: conversation.id, contactId: conversation.contactId,
      direction: r.direction, type: 'text', contentEnc: box.encryptJson({ text: { body: 'x' } }), status: r.status as 'sent',
      source: r.source ?? (r.direction === 'inbound' ? 'whatsapp' : 'bot'), traceId: 'c'.repeat(32), createdAt: r.at, ...(r.metadata ? { metadata: r.metadata } : {}),
    })),
  });
}

beforeAll(async () => {
  db = await createTestDatabase('web_analytics');
  process.env.DATABASE_URL = db.url;
  delete process.env.ENCRYPTION_KEY;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const [v, s] = await Promise.all(['v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Stats', slug: 'stats' } });
  const funnelWorkspace = await db.prisma.workspace.create({ data: { name: 'Funnel', slug: 'funnel' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  workspaceId = workspace.id;
  funnelWorkspaceId = funnelWorkspace.id;
  await db.prisma.member.createMany({
    data: [
      { workspaceId, userId: v!.id, role: 'viewer' },
      { workspaceId: funnelWorkspaceId, userId: v!.id, role: 'viewer' },
      { workspaceId: other.id, userId: s!.id, role: 'owner' },
    ],
  });
  viewer = { userId: v!.id, email: v!.email, name: null };
  stranger = { userId: s!.id, email: s!.email, name: null };

  // Messages: two channels, a priced and an unpriced bot, one exchange before the period.
  const a = await seedChannel(workspaceId, '1001');
  const b = await seedChannel(workspaceId, '1002');
  channelA = a.id;
  const priced = await db.prisma.bot.create({
    data: { workspaceId, name: 'Priced', mode: 'agent', settings: { agent: { systemPrompt: 'x', pricing: { inputPerMillionTokens: 2, outputPerMillionTokens: 8 } } } },
  });
  const unpriced = await db.prisma.bot.create({ data: { workspaceId, name: 'Unpriced', mode: 'agent', settings: { agent: { systemPrompt: 'x' } } } });
  const c1 = await seedConversation(workspaceId, a.id, '491', priced.id);
  const c2 = await seedConversation(workspaceId, b.id, '492', unpriced.id);
  const usage = (input: number, output: number) => ({ ai_usage: { model: 'm', input_tokens: input, output_tokens: output } });
  await seedMessages(workspaceId, c1, [
    { direction: 'inbound', status: 'received', at: at(0, -1) },
    { direction: 'outbound', status: 'delivered', at: at(0, -1, 5) },
    { direction: 'inbound', status: 'received', at: at(0, 10), metadata: usage(1000, 200) },
    { direction: 'outbound', status: 'read', at: at(0, 10, 0, 30) },
    { direction: 'inbound', status: 'received', at: at(0, 11) },
    { direction: 'inbound', status: 'received', at: at(0, 11, 0, 20) },
    { direction: 'outbound', status: 'delivered', at: at(0, 11, 1) },
    { direction: 'outbound', status: 'failed', at: at(1, 9) },
    { direction: 'inbound', status: 'received', at: at(1, 12), metadata: usage(500, 100) },
    { direction: 'outbound', status: 'sent', at: at(1, 12, 2) },
  ]);
  await seedMessages(workspaceId, c2, [
    { direction: 'inbound', status: 'received', at: at(1, 8), metadata: usage(300, 50) },
    { direction: 'outbound', status: 'delivered', at: at(1, 8, 10) },
    { direction: 'outbound', status: 'queued', at: at(2, 9) },
    { direction: 'inbound', status: 'received', at: at(2, 10) },
  ]);

  // Funnel: one published version (trigger → hello → q (ask) → t), six sessions, the messages its nodes sent.
  const fc = await seedChannel(funnelWorkspaceId, '2001');
  const flowBot = await db.prisma.bot.create({ data: { workspaceId: funnelWorkspaceId, name: 'Flow', mode: 'flow' } });
  const flow = await db.prisma.flow.create({ data: { workspaceId: funnelWorkspaceId, botId: flowBot.id, name: 'Welcome', draft: {} } });
  const document = {
    version: 1,
    name: 'Welcome',
    nodes: [
      { id: 'start', type: 'trigger', data: { match: { kind: 'any' } } },
      { id: 'hello', type: 'text', data: { text: 'Welcome' } },
      { id: 'q', type: 'ask', data: { prompt: 'Name?', variable: 'name', input: { kind: 'text' } } },
      { id: 't', type: 'text', data: { text: 'Hi {{name}}' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'hello' }, { id: 'e2', source: 'hello', target: 'q' }, { id: 'e3', source: 'q', target: 't' }],
  };
  const version = await db.prisma.flowVersion.create({ data: { workspaceId: funnelWorkspaceId, flowId: flow.id, version: 1, document } });
  versionId = version.id;
  const all = ['start', 'hello', 'q', 't'];
  const toQ = ['start', 'hello', 'q'];
  const sessions: { visited: string[]; replied?: string[]; status: 'ended' | 'waiting'; node: string; endReason?: string; lastActivity: Date; created: Date }[] = [
    { visited: all, replied: ['q'], status: 'ended', node: 't', endReason: 'completed', lastActivity: at(0, 10), created: at(0, 10) },
    { visited: toQ, replied: ['q'], status: 'ended', node: 'q', endReason: 'max_attempts', lastActivity: at(0, 11), created: at(0, 11) },
    { visited: toQ, status: 'waiting', node: 'q', lastActivity: at(1, 9), created: at(1, 9) },
    { visited: toQ, status: 'waiting', node: 'q', lastActivity: new Date(), created: at(2, 9) },
    { visited: toQ, replied: ['q'], status: 'ended', node: 'q', endReason: 'session_timeout', lastActivity: at(2, 10), created: at(2, 10) },
    { visited: all, replied: ['q'], status: 'ended', node: 't', endReason: 'max_attempts', lastActivity: at(-1, 10), created: at(-1, 10) },
  ];
  let n = 0;
  for (const s of sessions) {
    const conversation = await seedConversation(funnelWorkspaceId, fc.id, `30${(n += 1)}`, flowBot.id);
    const state = {
      flowVersionId: version.id, currentNodeId: s.node, variables: {}, startedAt: s.created.toISOString(), lastActivityAt: s.lastActivity.toISOString(),
      status: s.status, waitingFor: s.status === 'waiting' ? { kind: 'input', nodeId: s.node, attempts: 0 } : null,
      visitedNodeIds: s.visited, ...(s.replied ? { repliedNodeIds: s.replied } : {}), ...(s.endReason ? { endReason: s.endReason } : {}),
    };
    await db.prisma.flowSession.create({
      data: { workspaceId: funnelWorkspaceId, conversationId: conversation.id, flowVersionId: version.id, state, currentNodeId: s.node, status: s.status, createdAt: s.created },
    });
    if (n === 1) {
      const sentBy = (node: string) => ({ bot_id: flowBot.id, flow_version_id: version.id, node_id: node });
      await seedMessages(funnelWorkspaceId, conversation, [
        ...['read', 'read', 'delivered', 'sent', 'failed'].map((status, i) => ({ direction: 'outbound' as const, status, at: at(0, 10, i), metadata: sentBy('hello') })),
        ...['delivered', 'delivered', 'queued', 'queued'].map((status, i) => ({ direction: 'outbound' as const, status, at: at(1, 10, i), metadata: sentBy('q') })),
        { direction: 'outbound', status: 'read', at: at(2, 10), metadata: sentBy('t') },
        // Customer metadata that happens to look like the runtime's is not the bot's: never counted.
        { direction: 'outbound', status: 'read', at: at(2, 11), source: 'api', metadata: sentBy('hello') },
        // Outside the period.
        { direction: 'outbound', status: 'read', at: at(-1, 10), metadata: sentBy('t') },
      ]);
    }
  }
});
afterAll(async () => db?.drop());

describe('analytics procedures', () => {
  it('counts messages per day by direction and status, with delivery and read rates and the median time to reply', async () => {
    const stats = await callerFor(viewer).analytics.messages({ workspaceId, ...period });
    expect(stats.period).toEqual({ ...period, clamped: false });
    expect(stats.days.map((d) => [d.day, d.inbound, d.outbound.read, d.outbound.delivered, d.outbound.sent, d.outbound.failed, d.outbound.queued])).toEqual([
      [at(0, 0).toISOString().slice(0, 10), 3, 1, 1, 0, 0, 0],
      [at(1, 0).toISOString().slice(0, 10), 2, 0, 1, 1, 1, 0],
      [at(2, 0).toISOString().slice(0, 10), 1, 0, 0, 0, 0, 1],
    ]);
    expect(stats.totals).toEqual({ inbound: 6, outbound: 6, settled: 5, delivered: 3, read: 1, failed: 1 });
    expect(stats.deliveryRate).toBe(0.6);
    expect(stats.readRate).toBeCloseTo(1 / 3, 10);
    // Waits: 30 s, 60 s (two messages, one wait from the first), 120 s, 600 s.
    expect(stats.replyTime).toEqual({ medianMs: 90_000, replies: 4 });
  });

  it('narrows everything to one channel', async () => {
    const stats = await callerFor(viewer).analytics.messages({ workspaceId, ...period, channelId: channelA });
    expect(stats.totals).toEqual({ inbound: 4, outbound: 4, settled: 4, delivered: 2, read: 1, failed: 1 });
    expect(stats.deliveryRate).toBe(0.5);
    expect(stats.readRate).toBe(0.5);
    expect(stats.replyTime).toEqual({ medianMs: 60_000, replies: 3 });
    const usage = await callerFor(viewer).analytics.aiUsage({ workspaceId, ...period, channelId: channelA });
    expect(usage.totals).toMatchObject({ inputTokens: 1500, outputTokens: 300, unpricedTokens: 0 });
  });

  it('reports AI tokens per day and prices only the bots that have a price', async () => {
    const usage = await callerFor(viewer).analytics.aiUsage({ workspaceId, ...period });
    expect(usage.days.map((d) => [d.inputTokens, d.outputTokens])).toEqual([[1000, 200], [800, 150], [0, 0]]);
    expect(usage.days[0]?.costUsd).toBeCloseTo(0.0036, 10);
    expect(usage.days[1]?.costUsd).toBeCloseTo(0.0018, 10);
    expect(usage.days[2]?.costUsd).toBeNull();
    expect(usage.totals).toMatchObject({ inputTokens: 1800, outputTokens: 350, unpricedTokens: 350 });
    expect(usage.totals.costUsd).toBeCloseTo(0.0054, 10);
  });

  it('builds the per-node funnel of a published version from its sessions and the messages its nodes sent', async () => {
    const result = await callerFor(viewer).analytics.funnel({ workspaceId: funnelWorkspaceId, ...period });
    expect(result.versions.map((v) => v.id)).toEqual([versionId]);
    expect(result.funnel?.sessions).toBe(5);
    expect(result.funnel?.nodes.map((n) => [n.nodeId, n.reached, n.sent, n.delivered, n.read, n.replied, n.droppedOff])).toEqual([
      ['start', 5, 0, 0, 0, 0, 0],
      ['hello', 5, 5, 3, 2, 0, 0],
      ['q', 5, 4, 2, 0, 3, 3],
      ['t', 1, 1, 1, 1, 0, 0],
    ]);
    expect(result.funnel?.nodes[2]).toMatchObject({ type: 'ask', label: 'Ask' });
    const chosen = await callerFor(viewer).analytics.funnel({ workspaceId: funnelWorkspaceId, ...period, flowVersionId: versionId });
    expect(chosen.funnel?.nodes).toEqual(result.funnel?.nodes);
    const empty = await callerFor(viewer).analytics.funnel({ workspaceId, ...period });
    expect(empty).toMatchObject({ versions: [], funnel: null });
  });

  it('clamps a long period to 90 days and refuses one that ends before it starts', async () => {
    const to = new Date(day0 + 3 * DAY);
    const long = await callerFor(viewer).analytics.messages({ workspaceId, from: new Date(to.getTime() - 200 * DAY), to });
    expect(long.period).toEqual({ from: new Date(to.getTime() - 90 * DAY), to, clamped: true });
    expect(long.days).toHaveLength(90);
    expect(long.totals.inbound).toBe(7);
    expect(await trpcCode(callerFor(viewer).analytics.messages({ workspaceId, from: to, to: new Date(day0) }))).toBe('BAD_REQUEST');
  });

  it('gives another workspace nothing, through every analytics procedure', async () => {
    const calls: Record<string, (ws: string) => Promise<unknown>> = {
      messages: (ws) => callerFor(stranger).analytics.messages({ workspaceId: ws }),
      aiUsage: (ws) => callerFor(stranger).analytics.aiUsage({ workspaceId: ws }),
      funnel: (ws) => callerFor(stranger).analytics.funnel({ workspaceId: ws }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('analytics.')).map((p) => p.slice('analytics.'.length));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    for (const [name, call] of Object.entries(calls)) {
      expect(await trpcCode(call(workspaceId)), name).toBe('NOT_FOUND');
      expect(await trpcCode(call(funnelWorkspaceId)), name).toBe('NOT_FOUND');
    }
    const theirs = (await db.prisma.member.findFirstOrThrow({ where: { userId: stranger.userId } })).workspaceId;
    expect(await trpcCode(callerFor(stranger).analytics.funnel({ workspaceId: theirs, flowVersionId: versionId }))).toBe('NOT_FOUND');
    expect((await callerFor(stranger).analytics.messages({ workspaceId: theirs, ...period })).totals.outbound).toBe(0);
  });
});
