// Agent-mode bots against a real Postgres and the fake OpenAI-compatible
// server: replies, memory, tools, handoff, failure, and that the model call
// holds neither a transaction nor the conversation's lock.
import { createServer, type Server } from 'node:http';
import { createChatModel, createEmbeddingModel, type AgentSettingsInput } from '@switchboard/ai-agent';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type Prisma, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { createSafeFetch, type SafeFetch } from '@switchboard/safe-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveAiProvider } from '../ai/ai-provider';
import { addKnowledgeDocument } from '../ai/knowledge-documents';
import { buildTestPdf } from '../testing/build-test-pdf';
import { createTestChannel, textMessagePayload, type TestChannel } from '../inbound/inbound-test-fixtures';
import { processInboundWebhook, type InboundProcessorDeps } from '../inbound/process-inbound-webhook';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import { createBotInboxHook } from './create-bot-inbox-hook';
import { createPublishedFlows } from '../flow-session/published-flows';
import { runBotTurn } from './run-bot-turn';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });

let db: TestDatabase;
let fake: FakeOpenAiServer;
let channel: TestChannel;
let botId: string;
let inbound: InboundProcessorDeps;
let deps: BotRuntimeDeps;
let pool: pg.Pool;
let safeFetch: SafeFetch;
let tools: Server;
let toolPort: number;
/** Runs inside the tool server before it answers (a test's hook into the middle of a turn). */
let duringTool: () => Promise<void> = async () => undefined;
const toolCalls: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase('core_agent_turn');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  fake = await startFakeOpenAiServer({ apiKey: 'sk-agent' });
  tools = createServer((req, res) => {
    toolCalls.push(req.url ?? '');
    void duringTool().then(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ stock: 3 }));
    });
  });
  await new Promise<void>((r) => tools.listen(0, '127.0.0.1', r));
  toolPort = (tools.address() as { port: number }).port;
  safeFetch = createSafeFetch({ timeoutMs: 10_000, maxResponseBytes: 1 << 20, allowHttp: true, allowPrivateForTests: [`127.0.0.1:${toolPort}`] });
});
afterAll(async () => {
  await fake?.close();
  tools?.close();
  await safeFetch?.close();
  await pool?.end();
  await db?.drop();
});

async function agentBot(agent: Partial<AgentSettingsInput> = {}, options: { provider?: boolean } = {}) {
  channel = await createTestChannel(db.prisma, box);
  const settings = { burstWindowMs: 0, markRead: false, agent: { systemPrompt: 'You sell tea.', ...agent } } as Prisma.InputJsonObject;
  const bot = await db.prisma.bot.create({ data: { workspaceId: channel.workspaceId, channelId: channel.channelId, name: 'Agent', mode: 'agent', settings } });
  botId = bot.id;
  if (options.provider !== false) await saveAiProvider(db.prisma, box, channel.workspaceId, { baseUrl: fake.baseUrl, apiKey: 'sk-agent', model: 'fake-model' });
}

beforeEach(() => {
  fake.reset();
  toolCalls.length = 0;
  duringTool = async () => undefined;
  inbound = {
    prisma: db.prisma, secretBox: box, logger,
    onInboundMessage: createBotInboxHook({ secretBox: box, logger, requestTurn: async () => undefined, botCacheTtlMs: 0 }),
  };
  deps = {
    prisma: db.prisma, sql: pool, secretBox: box, logger, flows: createPublishedFlows(), http: async () => ({ error: 'no http here' }),
    agent: {
      toolHttp: safeFetch,
      createModel: (provider) => createChatModel(provider, { baseDelayMs: 10, maxDelayMs: 50 }),
      createEmbeddingModel: (provider) => createEmbeddingModel(provider, { baseDelayMs: 10, maxDelayMs: 50 }),
    },
  };
});

let n = 0;
const from = '15550007777';
async function say(body: string): Promise<string> {
  n += 1;
  const payload = textMessagePayload(channel, { wamid: `wamid.AGENT${Date.now()}${n}`, from, body, timestamp: 1_800_000_000 + n });
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  expect((await processInboundWebhook(inbound, { inboundWebhookId: row.id })).status).toBe('processed');
  return (await db.prisma.conversation.findFirstOrThrow({ where: { channelId: channel.channelId } })).id;
}

const mimeTypes = { image: 'image/png', audio: 'audio/ogg; codecs=opus', document: 'application/pdf' } as const;

/** The user sends media (Meta's webhook shape): `kind` image, audio or a PDF document (with `filename`). */
async function sendMedia(kind: 'image' | 'audio' | 'document', mediaId: string, caption?: string, filename?: string): Promise<string> {
  n += 1;
  const payload = textMessagePayload(channel, { wamid: `wamid.AGENTM${Date.now()}${n}`, from, timestamp: 1_800_000_000 + n }) as {
    entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
  };
  const message = payload.entry[0]!.changes[0]!.value.messages[0]!;
  delete message.text;
  message.type = kind;
  message[kind] = {
    id: mediaId,
    mime_type: mimeTypes[kind],
    sha256: 'x',
    ...(caption ? { caption } : {}),
    ...(kind === 'audio' ? { voice: true } : {}),
    ...(filename ? { filename } : {}),
  };
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  expect((await processInboundWebhook(inbound, { inboundWebhookId: row.id })).status).toBe('processed');
  return (await db.prisma.conversation.findFirstOrThrow({ where: { channelId: channel.channelId } })).id;
}

async function replies(): Promise<unknown[]> {
  const rows = await db.prisma.message.findMany({ where: { channelId: channel.channelId, source: 'bot' }, orderBy: { id: 'asc' }, select: { contentEnc: true } });
  const held = await db.prisma.botPendingReply.findMany({ where: { channelId: channel.channelId }, orderBy: { seq: 'asc' }, select: { contentEnc: true } });
  return [...rows, ...held].map((r) => {
    const content = box.decryptJson(r.contentEnc) as { text?: { body: string }; interactive?: unknown };
    return content.text?.body ?? content.interactive;
  });
}

const outcomes = async () =>
  (await db.prisma.botTurnInput.findMany({ where: { workspaceId: channel.workspaceId }, orderBy: { seq: 'asc' }, select: { outcome: true } })).map((r) => r.outcome);

describe('agent-mode bot turns', () => {
  it('answers through the model and keeps an encrypted memory, with tokens on the answered message', async () => {
    await agentBot({ greeting: 'Welcome to Tea Co.' });
    fake.script({ reply: 'We have green and black tea.', usage: { input: 40, output: 9 } });
    const conversationId = await say('what teas do you have?');
    const outcome = await runBotTurn(deps, { conversationId });
    expect(outcome.consumed).toEqual({ answered: 1 });
    expect(outcome.dispatch).toHaveLength(1);
    expect(await replies()).toEqual(['Welcome to Tea Co.', 'We have green and black tea.']);
    expect(fake.requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: 'what teas do you have?' });

    const memory = await db.prisma.agentMemory.findUniqueOrThrow({ where: { conversationId } });
    expect(memory.version).toBe(1);
    expect(memory.leaseUntil).toBeNull();
    expect(memory.stateEnc).not.toContain('green');
    expect(box.decryptJson(memory.stateEnc!)).toMatchObject({ turns: [{ user: 'what teas do you have?', assistant: 'Welcome to Tea Co.\nWe have green and black tea.' }] });
    const provider = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId: channel.workspaceId, kind: 'ai_provider' } });
    expect(JSON.stringify(provider)).not.toContain('sk-agent');
    expect(box.decryptJson(provider.secretsEnc!)).toEqual({ apiKey: 'sk-agent' });
    const inboundMessage = await db.prisma.message.findFirstOrThrow({ where: { conversationId, direction: 'inbound' } });
    expect(inboundMessage.metadata).toMatchObject({ ai_usage: { model: 'fake-model', input_tokens: 40, output_tokens: 9, outcome: 'answered' } });

    fake.script({ reply: 'Green is 5 EUR.' });
    await say('how much is green?');
    await runBotTurn(deps, { conversationId });
    expect(fake.requests[1]?.messages.slice(1).map((m) => m.content)).toEqual([
      'what teas do you have?', 'Welcome to Tea Co.\nWe have green and black tea.', 'how much is green?',
    ]);
    expect(await replies()).toEqual(['Welcome to Tea Co.', 'We have green and black tea.', 'Green is 5 EUR.']);
  });

  it('calls an HTTP tool, then hands off: the conversation becomes human-owned and the bot stops', async () => {
    await agentBot({
      builtInTools: ['handoff_to_human', 'save_contact_field'],
      httpTools: [{ name: 'stock', description: 'Stock of a tea', parameters: { type: 'object', properties: { tea: { type: 'string' } }, required: ['tea'] }, request: { url: `http://127.0.0.1:${toolPort}/stock/{{args.tea}}` } }],
    });
    fake.script(
      { toolCalls: [{ name: 'stock', arguments: { tea: 'oolong' } }, { name: 'save_contact_field', arguments: { field: 'favourite_tea', value: 'oolong' } }] },
      (req) => {
        expect(req.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual(['{"stock":3}', 'saved']);
        return { toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'wants 50 packs, wholesale' } }], content: 'A colleague will take over.' };
      },
    );
    const conversationId = await say('I want 50 packs of oolong');
    await runBotTurn(deps, { conversationId });
    expect(toolCalls).toEqual(['/stock/oolong']);
    expect(await replies()).toEqual(['A colleague will take over.']);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId }, include: { contact: true } });
    expect(conversation.owner).toBe('human');
    expect(conversation.contact.attributes).toMatchObject({ favourite_tea: 'oolong' });
    expect(await db.prisma.auditLog.findFirst({ where: { targetId: conversationId, action: 'conversation.handoff' }, select: { data: true } })).toEqual({
      data: { reason: 'wants 50 packs, wholesale' },
    });

    await say('hello?');
    await runBotTurn(deps, { conversationId });
    // A human-owned conversation records no input for the bot, so the model is not asked again.
    expect(fake.requests).toHaveLength(2);
    expect(await outcomes()).toEqual(['answered']);
    expect(await replies()).toEqual(['A colleague will take over.']);
  });

  it('sends the fallback and hands off when the model keeps failing', async () => {
    await agentBot({ fallbackMessage: 'We are busy, a person will answer.', handoffOnFailure: true, timeBudgetMs: 1_000 });
    fake.respondWith({ error: { status: 503, message: 'overloaded' } });
    const conversationId = await say('hi');
    await runBotTurn(deps, { conversationId });
    expect(await replies()).toEqual(['We are busy, a person will answer.']);
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).owner).toBe('human');
    expect(fake.requests.length).toBeGreaterThan(1);
  });

  it('does not answer without an AI provider, or with broken agent settings', async () => {
    await agentBot({}, { provider: false });
    await runBotTurn(deps, { conversationId: await say('hi') });
    expect(await outcomes()).toEqual(['ai_not_configured']);

    channel = await createTestChannel(db.prisma, box);
    await db.prisma.bot.create({ data: { workspaceId: channel.workspaceId, channelId: channel.channelId, name: 'Broken', mode: 'agent', settings: { agent: { temperature: 9 } } } });
    await saveAiProvider(db.prisma, box, channel.workspaceId, { baseUrl: fake.baseUrl, apiKey: 'sk-agent', model: 'fake-model' });
    await runBotTurn(deps, { conversationId: await say('hi') });
    expect(await outcomes()).toEqual(['agent_misconfigured']);
    expect(fake.requests).toHaveLength(0);
  });

  it('holds no transaction or lock during the model call, and a second worker does not call the model meanwhile', async () => {
    await agentBot({ httpTools: [{ name: 'stock', description: 'Stock', request: { url: `http://127.0.0.1:${toolPort}/stock` } }] });
    const conversationId = await say('stock?');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let midTurn!: () => void;
    const reached = new Promise<void>((r) => (midTurn = r));
    duringTool = async () => {
      midTurn();
      await gate;
    };
    fake.script({ toolCalls: [{ name: 'stock', arguments: {} }] }, { reply: 'We have 3.' });
    const first = runBotTurn(deps, { conversationId });
    await reached;
    // Mid-turn: the conversation's turn lock is free and no transaction is open on it.
    const free = await db.prisma.$transaction(
      (tx) => tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`bot-turn:${conversationId}`}, 0)) AS ok`,
    );
    expect(free[0]?.ok).toBe(true);
    const open = await db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
    expect(Number(open[0]?.n)).toBe(0);
    // A message arriving now gets a job of its own; that turn sees the lease and waits instead of calling the model.
    await say('and oolong?');
    const second = await runBotTurn(deps, { conversationId });
    expect(second.consumed).toEqual({});
    expect(second.waitUntilMs).toBeGreaterThan(Date.now());
    expect(fake.requests).toHaveLength(1);
    fake.script({ reply: 'Oolong too.' });
    release();
    const done = await first;
    // The first job answers the second message as well, one turn after the other.
    expect(done.consumed).toEqual({ answered: 2 });
    expect(await replies()).toEqual(['We have 3.', 'Oolong too.']);
  });

  it('computes the turn again when another worker committed meanwhile', async () => {
    await agentBot({ httpTools: [{ name: 'stock', description: 'Stock', request: { url: `http://127.0.0.1:${toolPort}/stock` } }] });
    const conversationId = await say('stock?');
    let once = true;
    duringTool = async () => {
      if (!once) return;
      once = false;
      // Another worker's turn (after its lease expired) committed a new memory version.
      await db.prisma.agentMemory.update({ where: { conversationId }, data: { version: { increment: 1 }, stateEnc: box.encryptJson({ summary: 'other', turns: [], variables: {} }) } });
    };
    fake.script({ toolCalls: [{ name: 'stock', arguments: {} }] }, { reply: 'stale answer' }, { toolCalls: [{ name: 'stock', arguments: {} }] }, { reply: 'fresh answer' });
    await runBotTurn(deps, { conversationId });
    expect(await replies()).toEqual(['fresh answer']);
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests[2]?.messages[0]?.content).toContain('Summary of the earlier conversation:\nother');
    expect((await db.prisma.agentMemory.findUniqueOrThrow({ where: { conversationId } })).version).toBe(2);
  });

  it('shows an image to a vision model, and tells the agent when a voice note could not be read', async () => {
    await agentBot({ media: { images: true, voice: true } });
    const downloads: string[] = [];
    deps.agent = {
      ...deps.agent!,
      downloadMedia: async (_channel, mediaId) => {
        downloads.push(mediaId);
        if (mediaId === 'voice-1') throw new Error('Graph said 404');
        return { bytes: new Uint8Array([137, 80, 78, 71]), contentType: 'image/png' };
      },
    };
    fake.script({ reply: 'That is a teapot.' }, { reply: 'Sorry, I could not listen to that. Can you write it?' });
    const conversationId = await sendMedia('image', 'img-1', 'what is this?');
    await runBotTurn(deps, { conversationId });
    expect(fake.requests[0]?.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '[image attached] what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } }],
    });
    await sendMedia('audio', 'voice-1');
    await runBotTurn(deps, { conversationId });
    expect(downloads).toEqual(['img-1', 'voice-1']);
    expect(fake.transcriptions).toHaveLength(0);
    expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: '[the user sent an audio that could not be read]' });
    expect(await replies()).toEqual(['That is a teapot.', 'Sorry, I could not listen to that. Can you write it?']);
  });

  it('reads a PDF the user sends as its text, and tells the agent when one could not be read', async () => {
    await agentBot({ media: { documents: true } });
    const downloads: string[] = [];
    deps.agent = {
      ...deps.agent!,
      downloadMedia: async (_channel, mediaId, maxBytes) => {
        downloads.push(`${mediaId} ≤ ${maxBytes}`);
        if (mediaId === 'doc-broken') return { bytes: new TextEncoder().encode('%PDF-1.4 truncated'), contentType: 'application/pdf' };
        return { bytes: buildTestPdf([['Price list'], ['Matcha 4 EUR', 'Oolong 3 EUR']]), contentType: 'application/pdf' };
      },
    };
    fake.script({ reply: 'Matcha is 4 EUR.' }, { reply: 'I could not open that file; can you paste the text?' });
    const conversationId = await sendMedia('document', 'doc-1', 'how much is matcha?', 'prices.pdf');
    await runBotTurn(deps, { conversationId });
    expect(fake.requests[0]?.messages.at(-1)).toEqual({
      role: 'user',
      content: '[PDF document "prices.pdf"]\nPrice list\n\nMatcha 4 EUR\nOolong 3 EUR\n[end of document]\nhow much is matcha?',
    });
    await sendMedia('document', 'doc-broken', undefined, 'broken.pdf');
    await runBotTurn(deps, { conversationId });
    expect(fake.requests[1]?.messages.at(-1)).toEqual({ role: 'user', content: '[the user sent a document "broken.pdf" that could not be read]' });
    expect(downloads).toEqual([`doc-1 ≤ ${10 * 1024 * 1024}`, `doc-broken ≤ ${10 * 1024 * 1024}`]);
    expect(await replies()).toEqual(['Matcha is 4 EUR.', 'I could not open that file; can you paste the text?']);
  });

  it('does not download a PDF when the bot does not read documents', async () => {
    await agentBot();
    let downloaded = false;
    deps.agent = {
      ...deps.agent!,
      downloadMedia: async () => {
        downloaded = true;
        throw new Error('not expected');
      },
    };
    fake.script({ reply: 'I cannot read files.' });
    await runBotTurn(deps, { conversationId: await sendMedia('document', 'doc-2', 'see attached', 'prices.pdf') });
    expect(downloaded).toBe(false);
    expect(fake.requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: '[the user sent a document "prices.pdf" that could not be read] see attached' });
  });

  it('puts the bot\'s best-matching knowledge into the prompt (Postgres full-text search)', async () => {
    await agentBot({ knowledgeSnippets: 1 });
    await addKnowledgeDocument(db.prisma, {
      workspaceId: channel.workspaceId, botId, title: 'Shipping', language: 'english',
      content: '# Shipping\n\nWe ship to Portugal and Spain within 3 days.\n\n## Returns\n\nReturns are free for 30 days.',
    });
    await addKnowledgeDocument(db.prisma, { workspaceId: channel.workspaceId, botId, title: 'Brewing', content: 'Brew green tea at 80 degrees for two minutes.' });
    fake.script({ reply: 'Three days.' });
    await runBotTurn(deps, { conversationId: await say('How long does shipping take?') });
    const system = String(fake.requests[0]?.messages[0]?.content);
    expect(system).toContain('[1] Shipping\nShipping\nWe ship to Portugal and Spain within 3 days.');
    expect(system).not.toContain('Brew green tea');
    expect(system).not.toContain('Returns are free');
  });
});
