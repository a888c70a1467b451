// The bot turn against a real Postgres: arrival order across inbound workers.
// Two webhooks of one conversation can be processed by different workers and
// the later one can commit first; the turn must still answer them in the
// order our API received them.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type Prisma, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestChannel, textMessagePayload, type TestChannel } from '../inbound/inbound-test-fixtures';
import { processInboundWebhook, type InboundProcessorDeps } from '../inbound/process-inbound-webhook';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import { createBotInboxHook } from './create-bot-inbox-hook';
import { createPublishedFlows } from '../flow-session/published-flows';
import { resumeConversation, takeOverConversation } from './change-conversation-owner';
import { runBotTurn } from './run-bot-turn';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });

// Asks for a line and echoes it, forever.
const echoFlow = {
  version: 1,
  name: 'echo',
  variables: [{ name: 'said', type: 'string' }],
  triggers: { restartKeywords: [] },
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { match: { kind: 'any' } } },
    { id: 'ask', type: 'ask', position: { x: 0, y: 100 }, data: { prompt: 'ready', variable: 'said', input: { kind: 'text' }, retryPrompt: 'again' } },
    { id: 'echo', type: 'text', position: { x: 0, y: 200 }, data: { text: 'got {{said}}' } },
    { id: 'loop', type: 'jump', position: { x: 0, y: 300 }, data: { target: { kind: 'node', nodeId: 'ask' } } },
  ],
  edges: [
    { id: 'e0', source: 'start', sourceHandle: 'next', target: 'ask' },
    { id: 'e1', source: 'ask', sourceHandle: 'next', target: 'echo' },
    { id: 'e2', source: 'echo', sourceHandle: 'next', target: 'loop' },
  ],
};

let db: TestDatabase;
let channel: TestChannel;
let inbound: InboundProcessorDeps;
let turns: BotRuntimeDeps;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('core_bot_turn');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  channel = await createTestChannel(db.prisma, box);
  const bot = await db.prisma.bot.create({
    data: { workspaceId: channel.workspaceId, channelId: channel.channelId, name: 'Echo', mode: 'flow', settings: { burstWindowMs: 0 } },
  });
  const flow = await db.prisma.flow.create({
    data: { workspaceId: channel.workspaceId, botId: bot.id, name: 'Echo', draft: echoFlow as Prisma.InputJsonObject },
  });
  await db.prisma.flowVersion.create({ data: { workspaceId: channel.workspaceId, flowId: flow.id, version: 1, document: echoFlow as Prisma.InputJsonObject } });
  await db.prisma.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });
  inbound = {
    prisma: db.prisma, secretBox: box, logger,
    onInboundMessage: createBotInboxHook({ secretBox: box, logger, requestTurn: async () => undefined, botCacheTtlMs: 0 }),
  };
  turns = { prisma: db.prisma, sql: pool, secretBox: box, logger, flows: createPublishedFlows(), http: async () => ({ error: 'no http here' }) };
});

let n = 0;
const from = '15550009999';

/** Stores a webhook the way the api does (received now), without processing it. */
async function receive(body: string, receivedAt?: Date): Promise<string> {
  n += 1;
  const payload = textMessagePayload(channel, { wamid: `wamid.TURN${Date.now()}${n}`, from, body, timestamp: 1_800_000_000 + n });
  const row = await db.prisma.inboundWebhook.create({
    data: {
      channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true,
      ...(receivedAt ? { receivedAt } : {}),
    },
  });
  return row.id;
}
const processRow = async (id: string) => expect((await processInboundWebhook(inbound, { inboundWebhookId: id })).status).toBe('processed');
const conversationId = async () => (await db.prisma.conversation.findFirstOrThrow({ where: { channelId: channel.channelId } })).id;

/** The bot's replies in conversation order: messages already queued, then replies held behind them. */
async function replies(): Promise<string[]> {
  const textOf = (enc: string) => (box.decryptJson(enc) as { text?: { body?: string } }).text?.body ?? '?';
  const queued = await db.prisma.message.findMany({ where: { channelId: channel.channelId, source: 'bot' }, orderBy: { id: 'asc' }, select: { contentEnc: true } });
  const held = await db.prisma.botPendingReply.findMany({ where: { channelId: channel.channelId }, orderBy: { seq: 'asc' }, select: { contentEnc: true } });
  return [...queued, ...held].map((r) => textOf(r.contentEnc));
}

describe('arrival order', () => {
  it('does not answer a later message while an earlier webhook of the channel is still being processed', async () => {
    await processRow(await receive('start'));
    const conversation = await conversationId();
    await runBotTurn(turns, { conversationId: conversation });
    expect(await replies()).toEqual(['ready']);

    const a = await receive('a');
    const b = await receive('b');
    await processRow(b); // the later webhook commits first, as a second inbound worker may do
    const held = await runBotTurn(turns, { conversationId: conversation });
    expect(held.consumed).toEqual({});
    expect(held.waitUntilMs).toBeGreaterThan(0);
    expect(await replies()).toEqual(['ready']);

    await processRow(a);
    const ran = await runBotTurn(turns, { conversationId: conversation });
    expect(ran.consumed).toEqual({ answered: 2 });
    expect(await replies()).toEqual(['ready', 'got a', 'ready', 'got b', 'ready']);
  });

  it('stops waiting for a webhook that has been stuck for seconds', async () => {
    await processRow(await receive('start'));
    const conversation = await conversationId();
    await runBotTurn(turns, { conversationId: conversation });
    await receive('lost', new Date(Date.now() - 10_000)); // a worker died holding it; the sweep will store it
    await processRow(await receive('b'));
    const ran = await runBotTurn(turns, { conversationId: conversation });
    expect(ran.consumed).toEqual({ answered: 1 });
    expect(await replies()).toEqual(['ready', 'got b', 'ready']);
  });

  it('is not held back by a webhook received after the pending messages', async () => {
    await processRow(await receive('start'));
    const conversation = await conversationId();
    await runBotTurn(turns, { conversationId: conversation });
    await processRow(await receive('b'));
    await receive('later'); // received after b: b needs nothing from it
    const ran = await runBotTurn(turns, { conversationId: conversation });
    expect(ran.consumed).toEqual({ answered: 1 });
    expect(ran.waitUntilMs).toBeUndefined();
  });
});

describe('takeover and resume', () => {
  it('a person\'s takeover silences the bot; resuming lets it answer the next message with a new session', async () => {
    await processRow(await receive('start'));
    const conversation = await conversationId();
    await runBotTurn(turns, { conversationId: conversation });
    const input = { workspaceId: channel.workspaceId, conversationId: conversation, actor: { type: 'user' as const, id: 'agent-1' }, reason: 'vip', now: new Date() };
    expect(await db.prisma.$transaction((tx) => takeOverConversation(tx, input))).toBe('changed');
    expect(await db.prisma.$transaction((tx) => takeOverConversation(tx, input))).toBe('unchanged');

    await processRow(await receive('while a person answers'));
    await runBotTurn(turns, { conversationId: conversation });
    expect(await replies()).toEqual(['ready']);

    expect(await db.prisma.$transaction((tx) => resumeConversation(tx, { ...input, reason: 'done' }))).toBe('changed');
    await processRow(await receive('back'));
    const ran = await runBotTurn(turns, { conversationId: conversation });
    expect(ran.consumed).toEqual({ answered: 1 });
    expect(await replies()).toEqual(['ready', 'ready']); // a new session: the trigger asks again

    const events = await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' }, orderBy: { createdAt: 'asc' }, select: { payload: true } });
    const ownerEvents = events.map((e) => e.payload as { type: string; conversationId?: string; reason?: string }).filter((p) => p.conversationId === conversation);
    expect(ownerEvents.map((p) => [p.type, p.reason])).toEqual([['conversation.handoff', 'vip'], ['conversation.resumed', 'done']]);
  });

  it('does not touch another workspace\'s conversation', async () => {
    await processRow(await receive('start'));
    const conversation = await conversationId();
    const other = await createTestChannel(db.prisma, box);
    const outcome = await db.prisma.$transaction((tx) =>
      takeOverConversation(tx, { workspaceId: other.workspaceId, conversationId: conversation, actor: { type: 'user', id: 'x' }, reason: null, now: new Date() }),
    );
    expect(outcome).toBe('missing');
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversation } })).owner).toBe('bot');
  });
});
