// The bot runtime across real processes: the sandbox plays Meta and the user,
// the api stores webhooks, the worker runs turns and sends replies back to the
// sandbox. Flow waits are time-scaled (1 h = 3.6 s).
import { createServer, type Server } from 'node:http';
import { freePort, startWebhookReceiver } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOf, startBotStack, type BotStack } from './testing/bot-stack';
import { aiFlow, echoFlow, httpFlow, waitFlow } from './testing/test-flows';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stack: BotStack;
let slow: Server;
let slowPort: number;
const slowHits: number[] = [];
let firstHit: () => void = () => undefined;
const firstHitSeen = new Promise<void>((r) => (firstHit = r));

beforeAll(async () => {
  slowPort = await freePort();
  // The first call never answers (the worker is killed meanwhile); later calls answer at once.
  slow = createServer((_req, res) => {
    slowHits.push(Date.now());
    if (slowHits.length === 1) {
      firstHit();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ value: 'ok' }));
  });
  await new Promise<void>((r) => slow.listen(slowPort, '127.0.0.1', r));
  stack = await startBotStack('bot_runtime', {
    BOT_TIME_SCALE: '0.001',
    BOT_HTTP_ALLOW_HTTP: 'true',
    BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: `127.0.0.1:${slowPort}`,
  });
});
afterAll(async () => {
  slow?.closeAllConnections();
  slow?.close();
  await stack?.stop();
});

const lines = async (phoneNumberId: string, waId: string, count: number) =>
  (await stack.waitForBotMessages(phoneNumberId, waId, count)).map(lineOf);

describe('bot runtime', () => {
  it('answers once when Meta delivers the same webhook three times (also concurrently)', async () => {
    const bot = await stack.createFlowBot(echoFlow);
    const waId = '15550000001';
    // Capture a real webhook from the sandbox (so its window and wamid are the sandbox's own) …
    const receiver = await startWebhookReceiver(bot.verifyToken);
    await stack.register(bot, { webhookUrl: receiver.url });
    await stack.say(bot.phoneNumberId, waId, 'hi');
    const hook = await receiver.waitFor(() => true);
    await receiver.close();
    await stack.register(bot);
    // … and deliver it to the api three times, as Meta does when it is unsure we got it.
    const post = () =>
      fetch(`${stack.apiBase}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': hook.signature ?? '' },
        body: new Uint8Array(hook.rawBody),
      });
    const statuses = (await Promise.all([post(), post()])).map((r) => r.status);
    statuses.push((await post()).status);
    expect(statuses).toEqual([200, 200, 200]);

    expect(await lines(bot.phoneNumberId, waId, 1)).toEqual(['ready']);
    await stack.waitUntilSettled(bot.channelId);
    expect((await stack.botMessages(bot.phoneNumberId, waId)).map(lineOf)).toEqual(['ready']);
    expect(await stack.prisma.message.count({ where: { channelId: bot.channelId, direction: 'inbound' } })).toBe(1);
    expect(await stack.prisma.message.count({ where: { channelId: bot.channelId, direction: 'outbound', source: 'bot' } })).toBe(1);
    expect(await stack.prisma.botTurnInput.findMany({ where: { workspaceId: bot.workspaceId }, select: { outcome: true } })).toEqual([{ outcome: 'answered' }]);
  });

  it('answers two messages sent 5 ms apart in order, each turn\'s replies together', async () => {
    const bot = await stack.createFlowBot(echoFlow);
    const waId = '15550000002';
    await stack.say(bot.phoneNumberId, waId, 'start');
    expect(await lines(bot.phoneNumberId, waId, 1)).toEqual(['ready']);
    const a = stack.say(bot.phoneNumberId, waId, 'a');
    await sleep(5);
    const b = stack.say(bot.phoneNumberId, waId, 'b');
    const wamids = { [await a]: 'a', [await b]: 'b' };
    const transcript = await lines(bot.phoneNumberId, waId, 7);
    // The order is the order our api received the two webhooks (what Meta guarantees: nothing more).
    // 5 ms at the test process is not that order on a loaded machine: each message crosses the
    // sandbox and two HTTP connections, and 'b' may reach the api first. So the expected transcript
    // follows the arrival order the api recorded, and the turns must follow it, never interleaved.
    const arrival = await stack.prisma.botTurnInput.findMany({
      where: { wamid: { in: Object.keys(wamids) } },
      orderBy: [{ receivedAt: 'asc' }, { seq: 'asc' }],
      select: { wamid: true },
    });
    const [first, second] = arrival.map((input) => wamids[input.wamid]);
    expect(transcript).toEqual(['ready', `1:${first}`, `2:${first}`, 'ready', `1:${second}`, `2:${second}`, 'ready']);
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toHaveLength(7);
    // Every reply went out as a high-priority bot message with the trace id of the message it answers.
    const replies = await stack.prisma.message.findMany({ where: { channelId: bot.channelId, direction: 'outbound' }, select: { source: true, priority: true, status: true } });
    expect(new Set(replies.map((r) => `${r.source}/${r.priority}`))).toEqual(new Set(['bot/high']));
  });

  it('completes a turn exactly once after the worker is killed in the middle of it', async () => {
    const bot = await stack.createFlowBot(httpFlow(`http://127.0.0.1:${slowPort}/slow`));
    const waId = '15550000003';
    await stack.say(bot.phoneNumberId, waId, 'go');
    await firstHitSeen; // the turn is inside its HTTP effect, with "working on it" not yet committed
    await stack.killWorker('SIGKILL');
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toEqual([]);
    await stack.startWorker();
    expect(await lines(bot.phoneNumberId, waId, 2)).toEqual(['working on it', 'done: ok']);
    await stack.waitUntilSettled(bot.channelId);
    expect((await stack.botMessages(bot.phoneNumberId, waId)).map(lineOf)).toEqual(['working on it', 'done: ok']);
    // The HTTP call is the one thing repeated: effects outside our database are at-least-once.
    expect(slowHits).toHaveLength(2);
  });

  it('keeps a (time-scaled) one-hour wait across a worker restart, even when Redis lost its jobs', async () => {
    const bot = await stack.createFlowBot(waitFlow());
    const waId = '15550000004';
    await stack.say(bot.phoneNumberId, waId, 'hi');
    expect(await lines(bot.phoneNumberId, waId, 1)).toEqual(['see you in an hour']);
    const session = await stack.prisma.flowSession.findFirstOrThrow({ where: { workspaceId: bot.workspaceId } });
    expect(session.status).toBe('waiting');
    expect(session.waitingUntil).not.toBeNull();
    await stack.killWorker('SIGKILL');
    const redis = new Redis(stack.redis.url);
    await redis.flushall(); // the delayed job is gone: only Postgres remembers the wait
    redis.disconnect();
    await stack.startWorker();
    expect(await lines(bot.phoneNumberId, waId, 2)).toEqual(['see you in an hour', 'an hour later']);
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toHaveLength(2);
    const ended = await stack.prisma.flowSession.findFirstOrThrow({ where: { id: session.id } });
    expect(ended.status).toBe('ended');
  });

  it('sends nothing to a conversation a human owns', async () => {
    const bot = await stack.createFlowBot(echoFlow);
    const waId = '15550000005';
    await stack.say(bot.phoneNumberId, waId, 'hi');
    expect(await lines(bot.phoneNumberId, waId, 1)).toEqual(['ready']);
    await stack.waitUntilSettled(bot.channelId);
    await stack.prisma.conversation.updateMany({ where: { channelId: bot.channelId }, data: { owner: 'human', handoffAt: new Date() } });
    const wamid = await stack.say(bot.phoneNumberId, waId, 'is anyone there?');
    // The message is stored (and its hook has run, in the same transaction) …
    for (let i = 0; i < 200 && !(await stack.prisma.message.findFirst({ where: { channelId: bot.channelId, wamid } })); i += 1) await sleep(25);
    expect(await stack.prisma.message.findFirst({ where: { channelId: bot.channelId, wamid } })).not.toBeNull();
    // … but gave the bot nothing to answer.
    expect(await stack.prisma.botTurnInput.count({ where: { workspaceId: bot.workspaceId } })).toBe(1);
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toHaveLength(1);
  });

  it('takes an AI step\'s error edge while no AI provider is configured', async () => {
    const bot = await stack.createFlowBot(aiFlow);
    await stack.say(bot.phoneNumberId, '15550000006', 'hello');
    expect(await lines(bot.phoneNumberId, '15550000006', 1)).toEqual(['no AI here']);
  });

  it('merges a burst inside the bot\'s burst window into one turn', async () => {
    const bot = await stack.createFlowBot(echoFlow, { settings: { burstWindowMs: 600 } });
    const waId = '15550000008';
    await stack.say(bot.phoneNumberId, waId, 'start');
    expect(await lines(bot.phoneNumberId, waId, 1)).toEqual(['ready']);
    await stack.say(bot.phoneNumberId, waId, 'I need');
    await stack.say(bot.phoneNumberId, waId, 'help');
    expect(await lines(bot.phoneNumberId, waId, 4)).toEqual(['ready', '1:I need\nhelp', '2:I need\nhelp', 'ready']);
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, waId)).toHaveLength(4);
    // Arrival order is received_at (seq is only a tie-break: two webhooks applied in parallel may take sequence values in either order).
    const outcomes = await stack.prisma.botTurnInput.findMany({ where: { workspaceId: bot.workspaceId }, orderBy: [{ receivedAt: 'asc' }, { seq: 'asc' }], select: { outcome: true } });
    expect(outcomes.map((o) => o.outcome)).toEqual(['answered', 'merged', 'answered']);
  });

  it('records a message the flow cannot run as failed instead of blocking the conversation', async () => {
    const bot = await stack.createFlowBot({ version: 99, nodes: [] });
    await stack.say(bot.phoneNumberId, '15550000009', 'hi');
    const consumed = () => stack.prisma.botTurnInput.findMany({ where: { workspaceId: bot.workspaceId, consumedAt: { not: null } }, select: { outcome: true } });
    for (let i = 0; i < 400 && (await consumed()).length === 0; i += 1) await sleep(25);
    expect(await consumed()).toEqual([{ outcome: 'failed' }]);
    await stack.waitUntilSettled(bot.channelId);
    expect(await stack.botMessages(bot.phoneNumberId, '15550000009')).toEqual([]);
  });

  // Last: it moves the sandbox's clock a day ahead, which closes every window in it.
  it('outside the 24 h window sends the fallback template, or ends the session with window_closed', async () => {
    const withFallback = await stack.createFlowBot(waitFlow('follow_up'));
    const without = await stack.createFlowBot(waitFlow());
    const waId = '15550000007';
    await stack.say(withFallback.phoneNumberId, waId, 'hi');
    await stack.say(without.phoneNumberId, waId, 'hi');
    expect(await lines(withFallback.phoneNumberId, waId, 1)).toEqual(['see you in an hour']);
    expect(await lines(without.phoneNumberId, waId, 1)).toEqual(['see you in an hour']);
    // A day passes during the wait: our window and the sandbox's both close.
    await stack.prisma.conversation.updateMany({
      where: { channelId: { in: [withFallback.channelId, without.channelId] } },
      data: { windowExpiresAt: new Date(Date.now() - 60_000) },
    });
    const advanced = await fetch(`${stack.sandboxBase}/_sandbox/clock`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: 25 * 3600 * 1000 }),
    });
    expect(advanced.status).toBe(200);

    expect(await lines(withFallback.phoneNumberId, waId, 2)).toEqual(['see you in an hour', { template: 'follow_up', parameters: [] }]);
    let session = await stack.prisma.flowSession.findFirstOrThrow({ where: { workspaceId: without.workspaceId } });
    for (let i = 0; i < 400 && session.status !== 'ended'; i += 1) {
      await sleep(25);
      session = await stack.prisma.flowSession.findFirstOrThrow({ where: { id: session.id } });
    }
    expect(session.status).toBe('ended');
    expect(session.state).toMatchObject({ endReason: 'window_closed' });
    await stack.waitUntilSettled(without.channelId);
    expect(await stack.botMessages(without.phoneNumberId, waId)).toHaveLength(1);
  });
});
