// The flow AI step executed by the agent against a real Postgres and the fake
// OpenAI-compatible server: reply mode, structured output into a variable,
// and the error edge.
import { createChatModel, createEmbeddingModel } from '@switchboard/ai-agent';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type Prisma, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveAiProvider } from '../ai/ai-provider';
import { createTestChannel, textMessagePayload, type TestChannel } from '../inbound/inbound-test-fixtures';
import { processInboundWebhook, type InboundProcessorDeps } from '../inbound/process-inbound-webhook';
import { createPublishedFlows } from '../flow-session/published-flows';
import { AI_NOT_CONFIGURED } from './agent-flow-step';
import type { BotRuntimeDeps } from './bot-runtime-deps';
import { createBotInboxHook } from './create-bot-inbox-hook';
import { runBotTurn } from './run-bot-turn';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });

const triageSchema = {
  type: 'object',
  properties: { intent: { type: 'string', enum: ['buy', 'support'] }, urgency: { type: 'integer', minimum: 1, maximum: 5 } },
  required: ['intent', 'urgency'],
};

type Node = { id: string; type: string; data: Record<string, unknown> };
function flowDocument(nodes: Node[], edges: [string, string, string?][], variables: string[]) {
  return {
    version: 1,
    name: 'ai',
    variables: variables.map((name) => ({ name, type: 'string' })),
    triggers: { restartKeywords: [] },
    nodes: nodes.map((node, i) => ({ ...node, position: { x: 0, y: i * 100 } })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, sourceHandle: handle ?? 'next', target })),
  };
}

/** Asks for a question, runs the AI step on it, then says what happened on each edge. */
const aiFlow = (ai: Record<string, unknown>) =>
  flowDocument(
    [
      { id: 'start', type: 'trigger', data: { match: { kind: 'any' } } },
      { id: 'ask', type: 'ask', data: { prompt: 'ask me', variable: 'q', input: { kind: 'text' }, retryPrompt: 'again' } },
      { id: 'think', type: 'ai', data: { instructions: 'Classify the message.', prompt: 'Message: {{q}}', ...ai } },
      { id: 'ok', type: 'text', data: { text: 'ok {{out}}' } },
      { id: 'failed', type: 'text', data: { text: 'failed' } },
    ],
    [['start', 'ask'], ['ask', 'think'], ['think', 'ok', 'success'], ['think', 'failed', 'error']],
    ['q', 'out'],
  );

let db: TestDatabase;
let fake: FakeOpenAiServer;
let channel: TestChannel;
let inbound: InboundProcessorDeps;
let deps: BotRuntimeDeps;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('core_agent_flow_step');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  fake = await startFakeOpenAiServer();
});
afterAll(async () => {
  await fake?.close();
  await pool?.end();
  await db?.drop();
});
beforeEach(() => {
  fake.reset();
  inbound = {
    prisma: db.prisma, secretBox: box, logger,
    onInboundMessage: createBotInboxHook({ secretBox: box, logger, requestTurn: async () => undefined, botCacheTtlMs: 0 }),
  };
  deps = {
    prisma: db.prisma, sql: pool, secretBox: box, logger, flows: createPublishedFlows(), http: async () => ({ error: 'no http here' }),
    agent: {
      toolHttp: async () => Promise.reject(new Error('no tools here')),
      createModel: (p) => createChatModel(p, { baseDelayMs: 10, maxDelayMs: 50 }),
      createEmbeddingModel: (p) => createEmbeddingModel(p, { baseDelayMs: 10, maxDelayMs: 50 }),
      aiStepBudgetMs: 1_000,
    },
  };
});

async function flowBot(document: unknown, options: { provider?: boolean } = {}) {
  channel = await createTestChannel(db.prisma, box);
  const bot = await db.prisma.bot.create({ data: { workspaceId: channel.workspaceId, channelId: channel.channelId, name: 'AI flow', mode: 'flow', settings: { burstWindowMs: 0, markRead: false } } });
  const flow = await db.prisma.flow.create({ data: { workspaceId: channel.workspaceId, botId: bot.id, name: 'f', draft: document as Prisma.InputJsonObject } });
  await db.prisma.flowVersion.create({ data: { workspaceId: channel.workspaceId, flowId: flow.id, version: 1, document: document as Prisma.InputJsonObject } });
  await db.prisma.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });
  if (options.provider !== false) await saveAiProvider(db.prisma, box, channel.workspaceId, { baseUrl: fake.baseUrl, apiKey: 'k', model: 'fake-model' });
}

let n = 0;
async function say(body: string): Promise<void> {
  n += 1;
  const payload = textMessagePayload(channel, { wamid: `wamid.AIFLOW${Date.now()}${n}`, from: '15550006666', body, timestamp: 1_800_000_000 + n });
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  await processInboundWebhook(inbound, { inboundWebhookId: row.id });
  const conversation = await db.prisma.conversation.findFirstOrThrow({ where: { channelId: channel.channelId } });
  await runBotTurn(deps, { conversationId: conversation.id });
}

async function replies(): Promise<string[]> {
  const rows = await db.prisma.message.findMany({ where: { channelId: channel.channelId, source: 'bot' }, orderBy: { id: 'asc' }, select: { contentEnc: true } });
  const held = await db.prisma.botPendingReply.findMany({ where: { channelId: channel.channelId }, orderBy: { seq: 'asc' }, select: { contentEnc: true } });
  return [...rows, ...held].map((r) => (box.decryptJson(r.contentEnc) as { text: { body: string } }).text.body);
}

describe('the flow AI step', () => {
  it('stores structured output validated by its JSON schema in a variable and takes the success edge', async () => {
    await flowBot(aiFlow({ mode: 'store', outputVariable: 'out', outputSchema: triageSchema }));
    await say('hi');
    fake.script({ reply: '{"intent":"support","urgency":4}', usage: { input: 20, output: 8 } });
    await say('my order is late!');
    expect(await replies()).toEqual(['ask me', 'ok {"intent":"support","urgency":4}']);
    const request = fake.requests[0]!;
    expect(request.messages[0]?.content).toContain('Classify the message.');
    expect(request.messages[1]).toEqual({ role: 'user', content: 'Message: my order is late!' });
    expect(request.response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: triageSchema } });
    const answered = await db.prisma.message.findFirstOrThrow({ where: { channelId: channel.channelId, direction: 'inbound' }, orderBy: { createdAt: 'desc' } });
    expect(answered.metadata).toMatchObject({ ai_usage: { input_tokens: 20, output_tokens: 8 } });
  });

  it('takes the error edge when the output breaks the schema', async () => {
    await flowBot(aiFlow({ mode: 'store', outputVariable: 'out', outputSchema: triageSchema }));
    await say('hi');
    fake.script({ reply: '{"intent":"chitchat","urgency":4}' });
    await say('hello there');
    expect(await replies()).toEqual(['ask me', 'failed']);
  });

  it('sends the reply itself in reply mode', async () => {
    await flowBot(aiFlow({ mode: 'reply', outputVariable: 'out' }));
    await say('hi');
    fake.script({ reply: 'Thanks, we are on it.' });
    await say('my order is late!');
    expect(await replies()).toEqual(['ask me', 'Thanks, we are on it.', 'ok Thanks, we are on it.']);
  });

  it('takes the error edge after retries, and when the workspace has no provider', async () => {
    await flowBot(aiFlow({ mode: 'reply' }));
    await say('hi');
    fake.respondWith({ error: { status: 500 } });
    await say('x');
    expect(await replies()).toEqual(['ask me', 'failed']);
    expect(fake.requests.length).toBeGreaterThan(1);

    fake.reset();
    await flowBot(aiFlow({ mode: 'reply' }), { provider: false });
    await say('hi');
    await say('x');
    expect(await replies()).toEqual(['ask me', 'failed']);
    expect(fake.requests).toHaveLength(0);
    expect(AI_NOT_CONFIGURED).toBe('AI provider not configured');
  });
});
