import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentSettingsSchema } from './agent-settings';
import { createChatModel, type ChatModel } from './chat-model';
import { evaluateConversations, evaluationFileSchema, formatEvaluationReport } from './evaluate-conversations';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server';

let fake: FakeOpenAiServer;
let model: ChatModel;
beforeAll(async () => {
  fake = await startFakeOpenAiServer();
  model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'k', model: 'm' });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const settings = agentSettingsSchema.parse({
  systemPrompt: 'Shop assistant.',
  httpTools: [{ name: 'order_status', description: 'Order status', parameters: { type: 'object', properties: { id: { type: 'string' } } }, request: { url: 'https://shop.example.com/orders/{{args.id}}' } }],
});

const file = evaluationFileSchema.parse({
  conversations: [
    {
      name: 'order status is looked up',
      toolResults: { order_status: { status: 'shipped' } },
      turns: [{ user: 'where is order 7?', expect: { toolCalls: ['order_status'], handoff: false, replyIncludes: ['shipped'] } }],
    },
    {
      name: 'refunds go to a human',
      turns: [
        { user: 'hi', expect: { handoff: false } },
        { user: 'I want a refund', expect: { handoff: true } },
      ],
    },
  ],
});

describe('evaluateConversations', () => {
  it('passes when the expected tool calls and handoffs happen, using recorded tool results and memory', async () => {
    fake.script(
      { toolCalls: [{ name: 'order_status', arguments: { id: '7' } }] },
      (req) => {
        expect(req.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"status":"shipped"}' });
        return { reply: 'Order 7 has shipped.' };
      },
      { reply: 'Hello!' },
      (req) => {
        expect(req.messages.slice(1).map((m) => m.content)).toEqual(['hi', 'Hello!', 'I want a refund']);
        return { toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'refund' } }] };
      },
    );
    const report = await evaluateConversations({ settings, model, file });
    expect(report.passed).toBe(2);
    expect(report.failed).toBe(0);
    expect(formatEvaluationReport(report)).toContain('PASS  refunds go to a human (2 turns)');
  });

  it('reports each missing tool call and handoff per turn', async () => {
    fake.script({ reply: 'It is on its way.' }, { reply: 'Hello!' }, { reply: 'Sure, refunded.' });
    const report = await evaluateConversations({ settings, model, file });
    expect(report.passed).toBe(0);
    expect(report.conversations.map((c) => c.turns.map((t) => t.failures))).toEqual([
      [['expected a call to order_status, got no tool calls', 'expected the reply to include "shipped"']],
      [[], ['expected a handoff, none happened']],
    ]);
    const text = formatEvaluationReport(report);
    expect(text).toContain('FAIL  order status is looked up (1 turn)');
    expect(text).toContain('      turn 2: expected a handoff, none happened');
    expect(text).toContain('0/2 conversations passed');
  });

  it('never calls a tool live unless allowed', async () => {
    const noRecording = evaluationFileSchema.parse({ conversations: [{ name: 'x', turns: [{ user: 'order 7?', expect: { toolCalls: ['order_status'] } }] }] });
    fake.script({ toolCalls: [{ name: 'order_status', arguments: { id: '7' } }] }, { reply: 'cannot check' });
    const report = await evaluateConversations({ settings, model, file: noRecording });
    expect(fake.requests[1]?.messages.at(-1)?.content).toMatch(/live tool calls are off/);
    expect(report.passed).toBe(1);
  });
});
