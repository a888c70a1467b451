import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, type ChatModel } from './chat-model';
import { runAiStep } from './run-ai-step';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server';

let fake: FakeOpenAiServer;
let model: ChatModel;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'fake-model' }, { baseDelayMs: 10, maxDelayMs: 20 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const schema = {
  type: 'object',
  properties: { intent: { type: 'string', enum: ['buy', 'support'] }, urgency: { type: 'integer', minimum: 1, maximum: 5 } },
  required: ['intent', 'urgency'],
};

describe('runAiStep', () => {
  it('returns the text answer, with the instructions as the system prompt', async () => {
    fake.script({ reply: '  Hi Ana!  ', usage: { input: 9, output: 3 } });
    const result = await runAiStep(model, { instructions: 'Greet the user by name.', prompt: 'Ana', timeBudgetMs: 5_000, model: 'small' });
    expect(result).toEqual({ output: 'Hi Ana!', usage: { inputTokens: 9, outputTokens: 3 }, model: 'small' });
    expect(fake.requests[0]?.messages).toEqual([{ role: 'system', content: 'Greet the user by name.' }, { role: 'user', content: 'Ana' }]);
    expect(fake.requests[0]?.response_format).toBeUndefined();
  });

  it('asks for JSON with the schema and returns the validated value', async () => {
    fake.script({ reply: '```json\n{"intent":"support","urgency":4}\n```' });
    const result = await runAiStep(model, { instructions: 'Classify.', prompt: 'my order is late', outputSchema: schema, timeBudgetMs: 5_000 });
    expect(result.output).toEqual({ intent: 'support', urgency: 4 });
    expect(fake.requests[0]?.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'output', schema, strict: false } });
  });

  it('fails when the output does not match the schema or is not JSON', async () => {
    fake.script({ reply: '{"intent":"chat","urgency":9}' }, { reply: 'support, 4' });
    const invalid = await runAiStep(model, { instructions: 'Classify.', prompt: 'x', outputSchema: schema, timeBudgetMs: 5_000 });
    expect(invalid.output).toBeUndefined();
    expect(invalid.error).toMatch(/^the output does not match the schema: intent: .*; urgency: /);
    const notJson = await runAiStep(model, { instructions: 'Classify.', prompt: 'x', outputSchema: schema, timeBudgetMs: 5_000 });
    expect(notJson.error).toBe('the model did not answer with JSON');
  });

  it('reports a model failure after retries as an error', async () => {
    fake.respondWith({ error: { status: 503, message: 'overloaded' } });
    const result = await runAiStep(model, { instructions: 'x', prompt: 'y', timeBudgetMs: 1_000 });
    expect(result.error).toMatch(/^server_error: the model answered 503/);
    expect(fake.requests.length).toBeGreaterThan(1);
  });
});
