// The AI agent end to end, across real processes: the sandbox plays Meta and
// the user, the api stores the webhook, the worker's agent asks the fake
// OpenAI-compatible server, calls the shop's HTTP tool, answers, then hands
// the conversation to a human.
import { createServer, type Server } from 'node:http';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@switchboard/ai-agent/testing';
import { saveAiProvider } from '@switchboard/core';
import { freePort } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { box, lineOf, startBotStack, type BotStack } from '../bot/testing/bot-stack';
import { echoFlow } from '../bot/testing/test-flows';

let stack: BotStack;
let fake: FakeOpenAiServer;
let shop: Server;
let shopPort: number;
const shopHits: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAiServer({ apiKey: 'sk-e2e' });
  shopPort = await freePort();
  shop = createServer((req, res) => {
    shopHits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ tea: 'oolong', packs_in_stock: 12 }));
  });
  await new Promise<void>((r) => shop.listen(shopPort, '127.0.0.1', r));
  const fakePort = new URL(fake.baseUrl).port;
  stack = await startBotStack('agent_e2e', {
    BOT_HTTP_ALLOW_HTTP: 'true',
    BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: `127.0.0.1:${shopPort}`,
    AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: `127.0.0.1:${fakePort}`,
    // Info level, so the test can check what info logs hold (counts, never the conversation's text).
    LOG_LEVEL: 'info',
  });
});
afterAll(async () => {
  shop?.closeAllConnections();
  shop?.close();
  await stack?.stop();
  await fake?.close();
});

describe('AI agent through the sandbox', () => {
  it('answers a question with a tool call, then hands off to a human', async () => {
    const bot = await stack.createFlowBot(echoFlow);
    await stack.prisma.bot.update({
      where: { id: bot.botId },
      data: {
        mode: 'agent',
        settings: {
          burstWindowMs: 0,
          agent: {
            systemPrompt: 'You are the tea shop assistant. Hand off wholesale orders.',
            builtInTools: ['handoff_to_human'],
            httpTools: [
              {
                name: 'stock',
                description: 'Packs in stock for a tea',
                parameters: { type: 'object', properties: { tea: { type: 'string' } }, required: ['tea'] },
                request: { url: `http://127.0.0.1:${shopPort}/stock?tea={{args.tea}}` },
              },
            ],
          },
        },
      },
    });
    await saveAiProvider(stack.prisma, box, bot.workspaceId, { baseUrl: fake.baseUrl, apiKey: 'sk-e2e', model: 'tea-model' });
    fake.script(
      { toolCalls: [{ name: 'stock', arguments: { tea: 'oolong' } }] },
      (req) => {
        expect(req.messages.at(-1)).toMatchObject({ role: 'tool', content: '{"tea":"oolong","packs_in_stock":12}' });
        return { reply: 'Yes, we have 12 packs of oolong.' };
      },
      { toolCalls: [{ name: 'handoff_to_human', arguments: { reason: 'wholesale order of 40 packs' } }], content: 'For 40 packs a colleague will help you.' },
    );

    const waId = '15550004242';
    await stack.say(bot.phoneNumberId, waId, 'Do you have oolong in stock?');
    expect((await stack.waitForBotMessages(bot.phoneNumberId, waId, 1)).map(lineOf)).toEqual(['Yes, we have 12 packs of oolong.']);
    expect(shopHits).toEqual(['GET /stock?tea=oolong']);
    expect(fake.requests[0]?.authorization).toBe('Bearer sk-e2e');
    expect(fake.requests[0]?.model).toBe('tea-model');

    await stack.say(bot.phoneNumberId, waId, 'I need 40 packs for my café');
    expect((await stack.waitForBotMessages(bot.phoneNumberId, waId, 2)).map(lineOf)).toEqual([
      'Yes, we have 12 packs of oolong.',
      'For 40 packs a colleague will help you.',
    ]);
    // The second turn remembered the first.
    expect(fake.requests[2]?.messages.slice(1).map((m) => m.content)).toEqual([
      'Do you have oolong in stock?', '[stock]\nYes, we have 12 packs of oolong.', 'I need 40 packs for my café',
    ]);
    await stack.waitUntilSettled(bot.channelId);
    const conversation = await stack.prisma.conversation.findFirstOrThrow({ where: { channelId: bot.channelId } });
    expect(conversation.owner).toBe('human');
    expect(await stack.prisma.outboxEntry.count({ where: { topic: 'customer_event', payload: { path: ['type'], equals: 'conversation.handoff' } } })).toBeGreaterThan(0);

    // Human-owned now: the bot stays silent.
    await stack.say(bot.phoneNumberId, waId, 'hello?');
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toHaveLength(2);
    expect(fake.requests).toHaveLength(3);

    // Tokens were stored per answered message; prompts and replies never reached the logs.
    const answered = await stack.prisma.message.findMany({ where: { channelId: bot.channelId, direction: 'inbound' }, orderBy: { createdAt: 'asc' }, select: { metadata: true } });
    expect(answered.slice(0, 2).map((m) => (m.metadata as { ai_usage?: { input_tokens: number } } | null)?.ai_usage?.input_tokens)).toEqual([24, 12]);
    const logs = stack.output();
    expect(logs).toContain('agent answered');
    expect(logs).not.toContain('oolong in stock');
    expect(logs).not.toContain('12 packs');
  });

  it('transcribes a voice note through the provider before the agent reads it', async () => {
    const bot = await stack.createFlowBot(echoFlow);
    await stack.prisma.bot.update({
      where: { id: bot.botId },
      data: { mode: 'agent', settings: { burstWindowMs: 0, agent: { systemPrompt: 'Tea shop.', media: { voice: true, transcriptionModel: 'whisper-test' } } } },
    });
    await saveAiProvider(stack.prisma, box, bot.workspaceId, { baseUrl: fake.baseUrl, apiKey: 'sk-e2e', model: 'tea-model' });
    fake.reset();
    fake.scriptTranscription({ text: 'do you sell matcha' });
    fake.script({ reply: 'Yes, we sell matcha.' });
    const voice = Buffer.from('OggS fake opus voice note bytes').toString('base64');
    const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${bot.phoneNumberId}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '15550004343', type: 'audio', audio: { data_base64: voice, mime_type: 'audio/ogg; codecs=opus', voice: true } }),
    });
    expect(res.status).toBe(200);
    expect((await stack.waitForBotMessages(bot.phoneNumberId, '15550004343', 1)).map(lineOf)).toEqual(['Yes, we sell matcha.']);
    // The worker downloaded the note from the sandbox (Graph) and sent its bytes to the transcription endpoint.
    expect(fake.transcriptions).toEqual([{ model: 'whisper-test', filename: 'voice.ogg', mimeType: 'audio/ogg; codecs=opus', bytes: Buffer.from(voice, 'base64').length }]);
    expect(fake.requests[0]?.messages.at(-1)).toEqual({ role: 'user', content: '[voice note] do you sell matcha' });
  });
});
