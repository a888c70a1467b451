import { createServer, type Server } from 'node:http';
import { createSafeFetch, type SafeFetch } from '@switchboard/safe-http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyAgentMemory, type AgentMemory } from './agent-memory';
import { agentSettingsSchema, type AgentSettingsInput } from './agent-settings';
import { createChatModel, type ChatModel } from './chat-model';
import { runAgentTurn } from './run-agent-turn';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './testing/fake-openai-server';

let fake: FakeOpenAiServer;
let model: ChatModel;
let tool: Server;
let toolPort: number;
const toolHits: { url: string; method: string; body: string; auth: string | undefined }[] = [];
let safeFetch: SafeFetch;

beforeAll(async () => {
  fake = await startFakeOpenAiServer({ apiKey: 'sk-test' });
  // Backoffs are scaled down so the retry tests stay quick; the retry-after header still rules.
  model = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'fake-model' }, { baseDelayMs: 20, maxDelayMs: 100 });
  tool = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      toolHits.push({ url: req.url ?? '', method: req.method ?? '', body, auth: req.headers.authorization });
      if ((req.url ?? '').includes('big')) {
        // Chunked (no content-length), so the cap is hit while reading. A declared oversized length makes
        // safe-http destroy an unread body, which surfaces as an unhandled AbortError (reported, not ours).
        res.write('x'.repeat(5000));
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ order: 'A-17', status: 'shipped', eta: 'Tuesday' }));
    });
  });
  await new Promise<void>((r) => tool.listen(0, '127.0.0.1', r));
  toolPort = (tool.address() as { port: number }).port;
  safeFetch = createSafeFetch({ timeoutMs: 5000, maxResponseBytes: 1 << 20, allowHttp: true, allowPrivateForTests: [`127.0.0.1:${toolPort}`] });
});
afterAll(async () => {
  await fake.close();
  tool.close();
  await safeFetch.close();
});
beforeEach(() => {
  fake.reset();
  toolHits.length = 0;
});

const settings = (input: Partial<AgentSettingsInput> = {}) => agentSettingsSchema.parse({ systemPrompt: 'You are the shop assistant.', ...input });
const turn = (input: Partial<AgentSettingsInput>, userMessage: string, memory: AgentMemory = emptyAgentMemory()) =>
  runAgentTurn({ settings: settings(input), model, memory, userMessage, http: safeFetch });

const orderTool = () => ({
  name: 'order_status',
  description: 'Look up an order',
  parameters: { type: 'object', properties: { order_id: { type: 'string', pattern: '^[A-Z]-\\d+$' } }, required: ['order_id'], additionalProperties: false },
  request: { method: 'GET' as const, url: `http://127.0.0.1:${toolPort}/orders/{{args.order_id}}?lang={{vars.lang}}`, headers: { Authorization: 'Bearer shop-key' } },
});

describe('runAgentTurn', () => {
  it('answers with the system prompt, model settings and the user message, and counts tokens', async () => {
    fake.script({ reply: 'Hello! How can I help?', usage: { input: 30, output: 6 } });
    const result = await turn({ temperature: 0.1, maxOutputTokens: 200, model: 'gpt-x' }, 'hi');
    expect(result.outcome).toBe('answered');
    expect(result.effects).toEqual([{ type: 'send', message: { type: 'text', text: { body: 'Hello! How can I help?' } } }]);
    expect(result.usage).toEqual({ inputTokens: 30, outputTokens: 6 });
    const request = fake.requests[0]!;
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.model).toBe('gpt-x');
    expect(request.temperature).toBe(0.1);
    expect(request.max_tokens).toBe(200);
    expect(request.messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('You are the shop assistant.') });
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'hi' });
    expect(request.tools?.map((t) => t.function.name)).toEqual(['handoff_to_human']);
    expect(result.memory.turns).toEqual([{ user: 'hi', assistant: 'Hello! How can I help?' }]);
  });

  it('sends the greeting before the first answer only', async () => {
    fake.script({ reply: 'Sure.' }, { reply: 'Again.' });
    const first = await turn({ greeting: 'Welcome to the shop!' }, 'hi');
    expect(first.effects.map((e) => (e.type === 'send' && e.message.type === 'text' ? e.message.text.body : e.type))).toEqual(['Welcome to the shop!', 'Sure.']);
    const second = await turn({ greeting: 'Welcome to the shop!' }, 'and?', first.memory);
    expect(second.effects).toHaveLength(1);
  });

  it('remembers the last turns verbatim and folds older ones into a rolling summary', async () => {
    let memory = emptyAgentMemory();
    for (const [i, text] of ['my name is Ana', 'I like tea', 'I live in Porto'].entries()) {
      fake.script({ reply: `noted ${i}` });
      memory = (await turn({ memoryTurns: 3 }, text, memory)).memory;
    }
    expect(memory.turns).toHaveLength(3);
    expect(fake.requests).toHaveLength(3);
    // The fourth turn: memory is full, so the oldest turn is summarized first, then the answer comes.
    fake.script((req) => {
      expect(req.messages[0]?.content).toContain('running summary');
      expect(String(req.messages[1]?.content)).toContain('User: my name is Ana');
      expect(String(req.messages[1]?.content)).not.toContain('I like tea');
      return { reply: 'The user is Ana.' };
    }, { reply: 'You are Ana from Porto.' });
    const result = await turn({ memoryTurns: 3 }, 'who am I?', memory);
    const answer = fake.requests[4]!;
    expect(answer.messages[0]?.content).toContain('Summary of the earlier conversation:\nThe user is Ana.');
    expect(answer.messages.slice(1).map((m) => m.content)).toEqual(['I like tea', 'noted 1', 'I live in Porto', 'noted 2', 'who am I?']);
    expect(result.memory.summary).toBe('The user is Ana.');
    expect(result.memory.turns.map((t) => t.user)).toEqual(['I like tea', 'I live in Porto', 'who am I?']);
    expect(result.modelCalls).toBe(2);
  });

  it('keeps the turns when the summary call fails, bounded to twice the memory', async () => {
    const memory: AgentMemory = { summary: 'old', turns: Array.from({ length: 6 }, (_, i) => ({ user: `u${i}`, assistant: `a${i}` })), variables: {} };
    fake.script({ error: { status: 400, message: 'bad request' } }, { reply: 'fine' });
    const result = await turn({ memoryTurns: 3 }, 'next', memory);
    expect(result.outcome).toBe('answered');
    expect(result.memory.summary).toBe('old');
    expect(result.memory.turns.map((t) => t.user)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'next']);
  });

  it('hands off with a reason, and asks the model nothing more', async () => {
    fake.script({ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'wants a refund' } }], content: 'Let me get a colleague.' });
    const result = await turn({}, 'I want my money back');
    expect(result.outcome).toBe('handoff');
    expect(result.effects).toEqual([
      { type: 'handoff', reason: 'wants a refund' },
      { type: 'send', message: { type: 'text', text: { body: 'Let me get a colleague.' } } },
    ]);
    expect(fake.requests).toHaveLength(1);
  });

  it('sets variables and contact fields, then answers', async () => {
    fake.script(
      { toolCalls: [{ name: 'set_variable', arguments: { name: 'plan', value: 'pro' } }, { name: 'save_contact_field', arguments: { field: 'email', value: 'ana@example.com' } }] },
      (req) => {
        const toolMessages = req.messages.filter((m) => m.role === 'tool');
        expect(toolMessages.map((m) => m.content)).toEqual(['saved', 'saved']);
        expect(req.messages.find((m) => m.role === 'assistant')?.tool_calls?.map((c) => c.function.name)).toEqual(['set_variable', 'save_contact_field']);
        return { reply: 'Saved your email.' };
      },
    );
    const result = await turn({ builtInTools: ['set_variable', 'save_contact_field'], contactFields: ['email'] }, 'ana@example.com, pro plan');
    expect(result.effects.slice(0, 2)).toEqual([
      { type: 'set_variable', name: 'plan', value: 'pro' },
      { type: 'save_contact_field', field: 'email', value: 'ana@example.com' },
    ]);
    expect(result.memory.variables).toEqual({ plan: 'pro' });
    expect(result.memory.turns[0]?.assistant).toBe('[set_variable] [save_contact_field]\nSaved your email.');
  });

  it('refuses a contact field outside the allowed list and lets the model read why', async () => {
    fake.script({ toolCalls: [{ name: 'save_contact_field', arguments: { field: 'password', value: 'x' } }] }, { reply: 'ok' });
    const result = await turn({ builtInTools: ['save_contact_field'], contactFields: ['email'] }, 'x');
    expect(result.toolCalls[0]).toMatchObject({ ok: false, result: 'error: field must be one of email' });
    expect(result.effects.filter((e) => e.type === 'save_contact_field')).toEqual([]);
  });

  it('sends buttons and lists within Meta\'s limits and refuses them beyond', async () => {
    fake.script(
      { toolCalls: [{ name: 'send_buttons', arguments: { body: 'Pick', buttons: ['Yes', 'No', 'Maybe', 'Later'] } }] },
      (req) => {
        expect(req.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('at most 3 buttons') });
        return { toolCalls: [{ name: 'send_buttons', arguments: { body: 'Pick', buttons: ['Yes', 'No'] } }] };
      },
      { toolCalls: [{ name: 'send_list', arguments: { body: 'Sizes', button: 'Choose', options: [{ title: 'Small' }, { title: 'Large', description: 'XL too' }] } }] },
      { toolCalls: [{ name: 'send_list', arguments: { body: 'Sizes', button: 'Choose', options: [{ title: 'x'.repeat(25) }] } }] },
      { reply: '' },
    );
    const result = await turn({ builtInTools: ['send_buttons', 'send_list'] }, 'options?');
    expect(result.toolCalls.map((c) => [c.name, c.ok])).toEqual([['send_buttons', false], ['send_buttons', true], ['send_list', true], ['send_list', false]]);
    expect(result.effects).toEqual([
      {
        type: 'send',
        message: {
          type: 'interactive',
          interactive: {
            type: 'button', body: { text: 'Pick' },
            action: { buttons: [{ type: 'reply', reply: { id: 'btn_1', title: 'Yes' } }, { type: 'reply', reply: { id: 'btn_2', title: 'No' } }] },
          },
        },
      },
      {
        type: 'send',
        message: {
          type: 'interactive',
          interactive: {
            type: 'list', body: { text: 'Sizes' },
            action: { button: 'Choose', sections: [{ rows: [{ id: 'opt_1', title: 'Small' }, { id: 'opt_2', title: 'Large', description: 'XL too' }] }] },
          },
        },
      },
    ]);
  });

  it('ends the conversation and forgets it', async () => {
    fake.script({ toolCalls: [{ name: 'end_conversation', arguments: { reason: 'user said bye' } }], content: 'Bye!' });
    const memory: AgentMemory = { summary: 's', turns: [{ user: 'a', assistant: 'b' }], variables: { x: 1 } };
    const result = await turn({ builtInTools: ['end_conversation'] }, 'bye', memory);
    expect(result.outcome).toBe('ended');
    expect(result.effects).toEqual([{ type: 'end', reason: 'user said bye' }, { type: 'send', message: { type: 'text', text: { body: 'Bye!' } } }]);
    expect(result.memory).toEqual(emptyAgentMemory());
  });

  it('calls an HTTP tool with templated URL and headers through the safe client, and feeds the answer back', async () => {
    fake.script({ toolCalls: [{ name: 'order_status', arguments: { order_id: 'A-17' } }] }, (req) => {
      expect(req.tools?.find((t) => t.function.name === 'order_status')?.function.parameters).toMatchObject({ required: ['order_id'] });
      expect(req.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"order":"A-17","status":"shipped","eta":"Tuesday"}' });
      return { reply: 'Your order A-17 ships Tuesday.' };
    });
    const memory = { ...emptyAgentMemory(), variables: { lang: 'pt br' } };
    const result = await turn({ httpTools: [orderTool()] }, 'where is A-17?', memory);
    expect(toolHits).toEqual([{ url: '/orders/A-17?lang=pt%20br', method: 'GET', body: '', auth: 'Bearer shop-key' }]);
    expect(result.toolCalls).toEqual([{ name: 'order_status', arguments: { order_id: 'A-17' }, ok: true, result: '{"order":"A-17","status":"shipped","eta":"Tuesday"}' }]);
    expect(result.effects).toEqual([{ type: 'send', message: { type: 'text', text: { body: 'Your order A-17 ships Tuesday.' } } }]);
  });

  it('checks HTTP tool arguments against their JSON schema before any request', async () => {
    fake.script({ toolCalls: [{ name: 'order_status', arguments: { order_id: '../admin' } }] }, { reply: 'Which order?' });
    const result = await turn({ httpTools: [orderTool()] }, 'status?');
    expect(toolHits).toEqual([]);
    expect(result.toolCalls[0]?.result).toMatch(/^error: invalid arguments: order_id/);
  });

  it('refuses an HTTP tool pointing at a private address (SSRF guard) and caps the response size', async () => {
    const unguarded = createSafeFetch({ timeoutMs: 2000, maxResponseBytes: 1 << 20, allowHttp: true });
    try {
      fake.script({ toolCalls: [{ name: 'order_status', arguments: { order_id: 'A-1' } }] }, { reply: 'cannot look it up' });
      const refused = await runAgentTurn({ settings: settings({ httpTools: [orderTool()] }), model, memory: emptyAgentMemory(), userMessage: 'x', http: unguarded });
      expect(refused.toolCalls[0]?.result).toMatch(/^error: UNSAFE_URL/);
      expect(toolHits).toEqual([]);
    } finally {
      await unguarded.close();
    }
    const big = { ...orderTool(), name: 'big', parameters: { type: 'object', properties: {} }, request: { method: 'GET' as const, url: `http://127.0.0.1:${toolPort}/big`, headers: {} }, maxResponseBytes: 1000 };
    fake.script({ toolCalls: [{ name: 'big', arguments: {} }] }, { reply: 'too big' });
    const capped = await turn({ httpTools: [big] }, 'x');
    expect(capped.toolCalls[0]?.result).toMatch(/^error: RESPONSE_TOO_LARGE/);
  });

  it('tells the model about an unknown tool or broken arguments', async () => {
    fake.script({ toolCalls: [{ name: 'delete_everything', arguments: {} }, { name: 'handoff_to_human', arguments: '{not json' }] }, { reply: 'ok' });
    const result = await turn({}, 'x');
    expect(result.toolCalls.map((c) => c.result)).toEqual(['error: there is no tool named delete_everything', 'error: the arguments are not valid JSON']);
    expect(result.outcome).toBe('answered');
  });

  it('stops at the step budget with the fallback message (and a handoff when configured)', async () => {
    fake.respondWith({ toolCalls: [{ name: 'set_variable', arguments: { name: 'n', value: 1 } }] });
    const result = await turn({ builtInTools: ['set_variable', 'handoff_to_human'], stepBudget: 3, handoffOnFailure: true, fallbackMessage: 'One moment please.' }, 'loop');
    expect(fake.requests).toHaveLength(3);
    expect(result.outcome).toBe('step_budget');
    expect(result.effects.slice(-2)).toEqual([
      { type: 'send', message: { type: 'text', text: { body: 'One moment please.' } } },
      { type: 'handoff', reason: 'agent failure: the model still called tools after 3 steps' },
    ]);
  });

  it('retries a 429 after its retry-after and a 500, then answers', async () => {
    fake.script({ error: { status: 429, message: 'Rate limit reached', retryAfterMs: 300 } }, { error: { status: 500 } }, { reply: 'there you go' });
    const waits: number[] = [];
    const recording = createChatModel(
      { baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'fake-model' },
      { baseDelayMs: 20, maxDelayMs: 100, sleep: async (ms) => void waits.push(ms) },
    );
    const result = await runAgentTurn({ settings: settings(), model: recording, memory: emptyAgentMemory(), userMessage: 'x', http: safeFetch });
    expect(result.outcome).toBe('answered');
    expect(result.effects).toEqual([{ type: 'send', message: { type: 'text', text: { body: 'there you go' } } }]);
    expect(fake.requests).toHaveLength(3);
    // The 429's retry-after-ms is honoured; the 500 gets the (scaled-down) exponential backoff.
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
    expect(waits[1]).toBeLessThan(100);
  });

  it('gives up when the time budget runs out, sends the fallback and hands off', async () => {
    fake.respondWith({ error: { status: 429, retryAfterSeconds: 1 } });
    const result = await turn({ timeBudgetMs: 1_500, handoffOnFailure: true, fallbackMessage: 'Busy, a human will answer.' }, 'x');
    expect(result.outcome).toBe('fallback');
    expect(result.failure).toMatch(/^rate_limited: .*429.*time budget/);
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(result.effects).toEqual([
      { type: 'send', message: { type: 'text', text: { body: 'Busy, a human will answer.' } } },
      { type: 'handoff', reason: expect.stringMatching(/^agent failure: rate_limited/) },
    ]);
  });

  it('does not retry a refusal (401) and falls back at once', async () => {
    const wrongKey = createChatModel({ baseUrl: fake.baseUrl, apiKey: 'sk-wrong', model: 'fake-model' });
    const result = await runAgentTurn({ settings: settings(), model: wrongKey, memory: emptyAgentMemory(), userMessage: 'x', http: safeFetch });
    expect(result.outcome).toBe('fallback');
    expect(result.failure).toMatch(/^refused: the model answered 401/);
    expect(result.effects).toHaveLength(1);
  });

  it('sends images as image parts for vision models', async () => {
    fake.script({ reply: 'A receipt for 12 EUR.' });
    await runAgentTurn({ settings: settings(), model, memory: emptyAgentMemory(), userMessage: '[image attached] what is this?', images: [{ mimeType: 'image/png', base64: 'iVBORw0KGgo=' }], http: safeFetch });
    expect(fake.requests[0]?.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'text', text: '[image attached] what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }],
    });
  });

  it('transcribes audio through the provider\'s /audio/transcriptions, retrying a 5xx', async () => {
    fake.scriptTranscription({ error: { status: 502 } }, { text: 'I would like two packs of green tea' });
    const text = await model.transcribe({ bytes: new Uint8Array([1, 2, 3, 4]), mimeType: 'audio/ogg; codecs=opus' }, { model: 'whisper-1', deadlineMs: Date.now() + 5_000 });
    expect(text).toBe('I would like two packs of green tea');
    expect(fake.transcriptions).toEqual([
      { model: 'whisper-1', filename: 'voice.ogg', mimeType: 'audio/ogg; codecs=opus', bytes: 4 },
      { model: 'whisper-1', filename: 'voice.ogg', mimeType: 'audio/ogg; codecs=opus', bytes: 4 },
    ]);
  });

  it('puts knowledge, contact and variables into the system prompt', async () => {
    fake.script({ reply: 'We open at 9.' });
    await runAgentTurn({
      settings: settings(),
      model,
      memory: { ...emptyAgentMemory(), variables: { plan: 'pro' } },
      userMessage: 'when do you open?',
      http: safeFetch,
      context: { contact: { name: 'Ana', fields: { email: 'a@x.io' } }, knowledge: [{ title: 'Hours', text: 'We open at 9 on weekdays.' }] },
    });
    const system = String(fake.requests[0]?.messages[0]?.content);
    expect(system).toContain('name: Ana');
    expect(system).toContain('email: a@x.io');
    expect(system).toContain('plan: "pro"');
    expect(system).toContain('[1] Hours\nWe open at 9 on weekdays.');
  });
});
