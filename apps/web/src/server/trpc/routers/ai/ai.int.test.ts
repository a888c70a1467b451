// The dashboard's AI procedures through the real router on Postgres: the
// provider (key write-only, encrypted), test connection against the fake
// OpenAI-compatible server, the agent editor's settings, roles and tenancy.
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';

let db: TestDatabase;
let fake: FakeOpenAiServer;
let admin: AppSession;
let editor: AppSession;
let viewer: AppSession;
let stranger: AppSession;
let workspaceId: string;
let botId: string;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}

beforeAll(async () => {
  db = await createTestDatabase('web_ai');
  fake = await startFakeOpenAiServer({ apiKey: 'sk-dashboard' });
  process.env.DATABASE_URL = db.url;
  process.env.ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  process.env.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS = `127.0.0.1:${new URL(fake.baseUrl).port}`;
  const passwordHash = '$argon2id$v=19$m=19456,t=2,p=1$unused$unused';
  const users = await Promise.all(['a', 'e', 'v', 's'].map((n) => db.prisma.user.create({ data: { email: `${n}@ai.example.com`, passwordHash } })));
  const workspace = await db.prisma.workspace.create({ data: { name: 'AI', slug: 'ai' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other-ai' } });
  await db.prisma.member.createMany({
    data: [
      { workspaceId: workspace.id, userId: users[0]!.id, role: 'admin' },
      { workspaceId: workspace.id, userId: users[1]!.id, role: 'editor' },
      { workspaceId: workspace.id, userId: users[2]!.id, role: 'viewer' },
      { workspaceId: other.id, userId: users[3]!.id, role: 'owner' },
    ],
  });
  workspaceId = workspace.id;
  botId = (await db.prisma.bot.create({ data: { workspaceId, name: 'Agent', mode: 'agent', settings: { burstWindowMs: 500 } } })).id;
  const session = (u: { id: string; email: string }): AppSession => ({ userId: u.id, email: u.email, name: null });
  [admin, editor, viewer, stranger] = users.map((u) => session(u!)) as [AppSession, AppSession, AppSession, AppSession];
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe('AI procedures', () => {
  it('an admin saves the provider; the key is encrypted and never returned; test connection reaches the model', async () => {
    expect(await callerFor(admin).ai.provider.get({ workspaceId })).toMatchObject({ configured: false, hasApiKey: false });
    const saved = await callerFor(admin).ai.provider.save({ workspaceId, provider: { baseUrl: fake.baseUrl, apiKey: 'sk-dashboard', model: 'dash-model' } });
    expect(saved).toEqual({ configured: true, enabled: true, baseUrl: fake.baseUrl, model: 'dash-model', requestTimeoutMs: 20_000, embeddingModel: null, hasApiKey: true });
    expect(JSON.stringify(await callerFor(admin).ai.provider.get({ workspaceId }))).not.toContain('sk-dashboard');
    const row = await db.prisma.integration.findFirstOrThrow({ where: { workspaceId, kind: 'ai_provider' } });
    expect(JSON.stringify(row)).not.toContain('sk-dashboard');
    expect(createSecretBox(DEV_ENCRYPTION_KEY).decryptJson(row.secretsEnc!)).toEqual({ apiKey: 'sk-dashboard' });

    fake.script({ reply: 'ok' });
    expect(await callerFor(admin).ai.provider.test({ workspaceId })).toMatchObject({ ok: true, model: 'dash-model' });
    expect(fake.requests.at(-1)?.authorization).toBe('Bearer sk-dashboard');
    expect(await callerFor(admin).ai.provider.test({ workspaceId, provider: { apiKey: 'sk-typo' } })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a provider on a private address not allowed for tests, and bad input', async () => {
    const result = await callerFor(admin).ai.provider.test({ workspaceId, provider: { baseUrl: 'http://127.0.0.1:9/v1' } });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not allowed/) });
    expect((await trpcError(callerFor(admin).ai.provider.save({ workspaceId, provider: { baseUrl: 'ftp://x', apiKey: 'k', model: 'm' } }))).code).toBe('BAD_REQUEST');
  });

  it('only admins see or change the provider; other workspaces cannot reach it', async () => {
    expect((await trpcError(callerFor(editor).ai.provider.get({ workspaceId }))).code).toBe('FORBIDDEN');
    expect((await trpcError(callerFor(viewer).ai.provider.test({ workspaceId }))).code).toBe('FORBIDDEN');
    expect((await trpcError(callerFor(stranger).ai.provider.get({ workspaceId }))).code).toBe('NOT_FOUND');
  });

  it('the agent editor saves validated settings beside the bot\'s other settings', async () => {
    expect(await callerFor(viewer).ai.agent.get({ workspaceId, botId })).toEqual({ mode: 'agent', settings: null, problems: [] });
    const bad = await trpcError(callerFor(editor).ai.agent.save({ workspaceId, botId, settings: { systemPrompt: '', temperature: 7 } }));
    expect(bad.code).toBe('BAD_REQUEST');
    const saved = await callerFor(editor).ai.agent.save({ workspaceId, botId, settings: { systemPrompt: 'You sell tea.', builtInTools: ['handoff_to_human', 'send_buttons'] } });
    expect(saved).toMatchObject({ systemPrompt: 'You sell tea.', temperature: 0.3, builtInTools: ['handoff_to_human', 'send_buttons'] });
    const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: botId } });
    expect(bot.settings).toMatchObject({ burstWindowMs: 500, agent: { systemPrompt: 'You sell tea.' } });
    expect((await callerFor(viewer).ai.agent.get({ workspaceId, botId })).settings?.systemPrompt).toBe('You sell tea.');
    expect((await trpcError(callerFor(viewer).ai.agent.save({ workspaceId, botId, settings: { systemPrompt: 'x' } }))).code).toBe('FORBIDDEN');
    expect((await trpcError(callerFor(stranger).ai.agent.get({ workspaceId, botId }))).code).toBe('NOT_FOUND');
  });
});
