import { createChatModel, ModelCallError } from '@switchboard/ai-agent';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { createSafeFetch } from '@switchboard/safe-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderFetch } from './create-provider-fetch';

let fake: FakeOpenAiServer;
beforeAll(async () => {
  fake = await startFakeOpenAiServer({ apiKey: 'k' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('createProviderFetch', () => {
  it('carries the SDK\'s requests and the server\'s answers (errors included) through the guarded client', async () => {
    const port = new URL(fake.baseUrl).port;
    const guarded = createSafeFetch({ timeoutMs: 5_000, maxResponseBytes: 1 << 20, allowHttp: true, allowPrivateForTests: [`127.0.0.1:${port}`] });
    try {
      const model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'm', fetch: createProviderFetch(guarded, 1 << 20) }, { baseDelayMs: 1, maxDelayMs: 5 });
      fake.script({ error: { status: 429, retryAfterMs: 10 } }, { toolCalls: [{ name: 'x', arguments: { a: 1 } }] });
      const result = await model.complete({ messages: [{ role: 'user', content: 'hi' }] }, { deadlineMs: Date.now() + 5_000 });
      expect(result.attempts).toBe(2);
      expect(result.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'x', arguments: '{"a":1}' } });
      expect(fake.requests[1]?.authorization).toBe('Bearer k');
    } finally {
      await guarded.close();
    }
  });

  it('refuses a provider on a private address at once, without retrying', async () => {
    const guarded = createSafeFetch({ timeoutMs: 5_000, maxResponseBytes: 1 << 20, allowHttp: true });
    try {
      const model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'm', fetch: createProviderFetch(guarded, 1 << 20) });
      const error = await model.complete({ messages: [{ role: 'user', content: 'hi' }] }, { deadlineMs: Date.now() + 5_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelCallError);
      expect(error).toMatchObject({ kind: 'refused', attempts: 1 });
      expect(fake.requests).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });
});
