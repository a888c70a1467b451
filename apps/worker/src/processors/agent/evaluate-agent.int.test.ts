// The evaluation command as a real process: a bot's agent settings and
// provider from a test database, the fake OpenAI-compatible server, the
// example conversations file; exit codes and the report.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { saveAiProvider } from '@switchboard/core';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type Prisma, type TestDatabase } from '@switchboard/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../../..');
const box = createSecretBox(DEV_ENCRYPTION_KEY);
let db: TestDatabase;
let fake: FakeOpenAiServer;
let botId: string;

beforeAll(async () => {
  db = await createTestDatabase('agent_eval');
  fake = await startFakeOpenAiServer();
  const workspace = await db.prisma.workspace.create({ data: { name: 'eval', slug: `eval-${Date.now()}` } });
  const agent = JSON.parse(await (await import('node:fs/promises')).readFile(resolve(root, 'examples/agent/tea-shop-agent.json'), 'utf8')) as Prisma.InputJsonObject;
  botId = (await db.prisma.bot.create({ data: { workspaceId: workspace.id, name: 'Tea', mode: 'agent', settings: { agent } } })).id;
  await saveAiProvider(db.prisma, box, workspace.id, { baseUrl: fake.baseUrl, apiKey: 'k', model: 'eval-model' });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(() => fake.reset());

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', resolve(root, 'apps/worker/src/processors/agent/evaluate-agent.ts'), ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: db.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const conversations = resolve(root, 'examples/agent/tea-shop-conversations.json');

describe('agent:eval', () => {
  it('exits 0 and reports every conversation as passed when the agent behaves', async () => {
    fake.script(
      { toolCalls: [{ name: 'stock', arguments: { tea: 'oolong' } }] },
      { reply: 'Yes, 12 packs of oolong.' },
      { reply: 'Hello!' },
      { toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'wholesale' } }] },
    );
    const result = await run(['--bot', botId, '--file', conversations]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('PASS  stock question is checked with the tool (1 turn)');
    expect(result.stdout).toContain('PASS  wholesale orders go to a human (2 turns)');
    expect(result.stdout).toContain('2/2 conversations passed');
    expect(result.code).toBe(0);
    expect(fake.requests[0]?.messages[0]?.content).toContain('tea shop');
  });

  it('exits 1 with the failures per turn, here for a changed prompt from --settings, as JSON', async () => {
    fake.script({ reply: 'Yes, plenty.' }, { reply: 'Hello!' }, { reply: 'Sure, 40 packs coming.' });
    const result = await run(['--bot', botId, '--file', conversations, '--settings', resolve(root, 'examples/agent/tea-shop-agent.json'), '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { passed: number; failed: number; conversations: { turns: { failures: string[] }[] }[] };
    expect(report.failed).toBe(2);
    expect(report.conversations.map((c) => c.turns.map((t) => t.failures))).toEqual([
      [['expected a call to stock, got no tool calls', 'expected the reply to include "12"']],
      [[], ['expected a handoff, none happened']],
    ]);
  });

  it('exits 2 with a clear message for a bad file or bot', async () => {
    const missing = await run(['--bot', botId]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--bot and --file are required');
    const unknownBot = await run(['--bot', '00000000-0000-7000-8000-000000000000', '--file', conversations]);
    expect(unknownBot.code).toBe(2);
    expect(unknownBot.stderr).toContain('bot 00000000-0000-7000-8000-000000000000 not found');
    const notConversations = await run(['--bot', botId, '--file', resolve(root, 'examples/agent/tea-shop-agent.json')]);
    expect(notConversations.code).toBe(2);
    expect(notConversations.stderr).toContain('the conversations file is invalid');
  });
});
