import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testAiProvider } from './test-ai-provider';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer({ apiKey: 'sk-right' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('testAiProvider', () => {
  it('reports the model that answered', async () => {
    fake.script({ reply: 'ok' });
    const result = await testAiProvider({ baseUrl: fake.baseUrl, apiKey: 'sk-right', model: 'gpt-test' });
    expect(result).toMatchObject({ ok: true, model: 'gpt-test' });
    expect(fake.requests[0]).toMatchObject({ model: 'gpt-test', max_tokens: 5 });
  });

  it('reports a wrong key with its status, and an unreachable server', async () => {
    expect(await testAiProvider({ baseUrl: fake.baseUrl, apiKey: 'sk-wrong', model: 'm' })).toMatchObject({ ok: false, status: 401, error: expect.stringMatching(/401/) });
    const closed = await startFakeOpenAiServer();
    const url = closed.baseUrl;
    await closed.close();
    const result = await testAiProvider({ baseUrl: url, apiKey: 'k', model: 'm', requestTimeoutMs: 1_000 }, { budgetMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/cannot reach the model/) });
  });
});
