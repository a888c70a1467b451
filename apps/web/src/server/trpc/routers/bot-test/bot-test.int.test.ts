// The agent test panel through the real router on Postgres: an agent answering with a
// real HTTP tool call through the SSRF-guarded client and the fake OpenAI-compatible
// server; roles and tenancy of every test-panel procedure (the flow panel's live run
// is exercised end to end in flow-run.int.test.ts).
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { saveAiProvider } from '@switchboard/core';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { appRouter, createCaller } from '../../root';

let db: TestDatabase;
let fake: FakeOpenAiServer;
let shop: Server;
let shopUrl: string;
const shopRequests: string[] = [];
let editor: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let otherWorkspaceId: string;
let flowId: string;
let agentBotId: string;

const leadCapture: unknown = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../../../../examples/flows/lead-capture.json'), 'utf8'));
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

const agentSettings = () => ({
  systemPrompt: 'You sell tea.',
  builtInTools: ['handoff_to_human'],
  httpTools: [
    {
      name: 'stock',
      description: 'Packs in stock for one tea',
      parameters: { type: 'object', properties: { tea: { type: 'string' } }, required: ['tea'] },
      request: { method: 'GET', url: `${shopUrl}/stock?tea={{args.tea}}` },
    },
  ],
});

beforeAll(async () => {
  db = await createTestDatabase('web_bot_test');
  fake = await startFakeOpenAiServer({ apiKey: 'sk-panel' });
  shop = createServer((req, res) => {
    shopRequests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ packs: 4 }));
  });
  await new Promise<void>((done) => shop.listen(0, '127.0.0.1', done));
  const shopPort = (shop.address() as { port: number }).port;
  shopUrl = `http://127.0.0.1:${shopPort}`;
  process.env.DATABASE_URL = db.url;
  process.env.ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  process.env.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS = `127.0.0.1:${new URL(fake.baseUrl).port}`;
  process.env.BOT_HTTP_ALLOW_HTTP = 'true';
  process.env.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS = `127.0.0.1:${shopPort}`;

  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const users = await Promise.all(['e', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@panel.example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'Panel', slug: 'panel' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other-panel' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: users[0]!.id, role: 'editor' },
      { workspaceId: workspace.id, userId: users[1]!.id, role: 'viewer' },
      { workspaceId: other.id, userId: users[2]!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  [editor, viewer, stranger] = users.map((u) => session(u!)) as [AppSession, AppSession, AppSession];
  flowId = (await callerFor(editor).flow.import({ workspaceId, document: leadCapture })).id;
  agentBotId = (await db.prisma.bot.create({ data: { workspaceId, name: 'Tea agent', mode: 'agent', settings: { agent: agentSettings() } } })).id;
  await saveAiProvider(db.prisma, createSecretBox(DEV_ENCRYPTION_KEY), workspaceId, { baseUrl: fake.baseUrl, apiKey: 'sk-panel', model: 'panel-model' });
});
afterAll(async () => {
  await fake?.close();
  await new Promise((done) => shop?.close(done));
  await db?.drop();
});

describe('the test panel', () => {
  it('answers with the agent, showing the HTTP tool call (really made through the guarded client) and its result', async () => {
    fake.reset();
    fake.script({ toolCalls: [{ name: 'stock', arguments: { tea: 'sencha' } }] }, { reply: 'We have 4 packs of sencha.' });
    const result = await callerFor(editor).botTest.agentTurn({ workspaceId, botId: agentBotId, memory: null, message: 'Any sencha?' });
    expect(result.events).toEqual([
      { kind: 'tool', name: 'stock', arguments: { tea: 'sencha' }, ok: true, result: expect.stringContaining('"packs":4') },
      { kind: 'reply', message: { type: 'text', text: { body: 'We have 4 packs of sencha.' } } },
    ]);
    expect(result).toMatchObject({ outcome: 'answered', model: 'panel-model' });
    expect(result.memory.turns).toEqual([{ user: 'Any sencha?', assistant: expect.stringContaining('We have 4 packs') }]);
    expect(shopRequests).toEqual(['/stock?tea=sencha']);
    expect(fake.requests.at(-1)?.authorization).toBe('Bearer sk-panel');
    expect(await db.prisma.agentMemory.count()).toBe(0);

    // Unsaved settings from the form are used as given (here: no HTTP tool, a handoff), and checked first.
    fake.script({ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'wants a person' } }] });
    const unsaved = { ...agentSettings(), httpTools: [] };
    const handoff = await callerFor(editor).botTest.agentTurn({ workspaceId, botId: agentBotId, settings: unsaved, memory: result.memory, message: 'A person please' });
    expect(handoff.outcome).toBe('handoff');
    expect(fake.requests.at(-1)?.tools?.map((t) => t.function.name)).toEqual(['handoff_to_human']);
    expect(handoff.events).toContainEqual({ kind: 'note', text: 'Handed to a human: wants a person.' });
    expect(await trpcCode(callerFor(editor).botTest.agentTurn({ workspaceId, botId: agentBotId, settings: { systemPrompt: '' }, memory: null, message: 'x' }))).toBe('BAD_REQUEST');
  });

  it('is for editors and up, and another workspace gets nothing through any test-panel procedure', async () => {
    const hello = { type: 'text' as const, body: 'hi' };
    const calls: Record<string, (session: AppSession, ws: string) => Promise<unknown>> = {
      flowRun: (s, ws) => callerFor(s).botTest.flowRun({ workspaceId: ws, flowId }),
      flowRunSend: (s, ws) => callerFor(s).botTest.flowRunSend({ workspaceId: ws, flowId, content: hello }),
      flowRunReset: (s, ws) => callerFor(s).botTest.flowRunReset({ workspaceId: ws, flowId }),
      agentTurn: (s, ws) => callerFor(s).botTest.agentTurn({ workspaceId: ws, botId: agentBotId, memory: null, message: 'hi' }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith('botTest.')).map((p) => p.slice('botTest.'.length));
    expect(Object.keys(calls).sort()).toEqual(procedures.sort());
    const before = fake.requests.length;
    for (const [name, call] of Object.entries(calls)) {
      expect(await trpcCode(call(viewer, workspaceId)), `${name} as a viewer`).toBe('FORBIDDEN');
      expect(await trpcCode(call(stranger, workspaceId)), `${name} in the foreign workspace`).toBe('NOT_FOUND');
      expect(await trpcCode(call(stranger, otherWorkspaceId)), `${name} from their own workspace`).toBe('NOT_FOUND');
    }
    expect(fake.requests.length).toBe(before);
  });
});
