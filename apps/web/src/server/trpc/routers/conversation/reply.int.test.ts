// Replying from the inbox through the real router on Postgres and Redis, with the sandbox as the
// Cloud API: the reply is queued in the same pipeline as POST /api/v1/messages (row, outbox, the
// outbound scheduler in Redis), takes the conversation over, is sent once per composed message, is
// refused as text outside the 24 h window without taking over (templates pass), and is closed to viewers and other tenants.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { createOutboundScheduler } from '@switchboard/queue';
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { closeSendMessageDeps } from '../../../outbound/send-message-deps';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let redis: ScratchRedis;
let redisClient: Redis;
let sandbox: RunningApp;
let workspaceId: string;
let otherWorkspaceId: string;
let openId: string;
let closedId: string;
let brokenId: string;
const s: Record<'agent' | 'viewer' | 'stranger', AppSession> = {} as never;
const box = createSecretBox(DEV_ENCRYPTION_KEY);

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));
const text = (body: string) => ({ type: 'text' as const, text: { body } });
const orderUpdate = {
  type: 'template' as const,
  template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body' as const, parameters: ['Ada', '#1042', 'Friday'].map((t) => ({ type: 'text' as const, text: t })) }] },
};
/** Everything a reply writes, to prove a refused one wrote nothing. */
const written = async () => ({
  messages: await db.prisma.message.count(),
  outbox: await db.prisma.outboxEntry.count(),
  audit: await db.prisma.auditLog.count(),
  keys: await db.prisma.idempotencyRecord.count(),
});

beforeAll(async () => {
  db = await createTestDatabase('web_inbox_reply');
  redis = await startScratchRedis();
  redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const sandboxPort = await freePort();
  const sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  sandbox = await spawnApp('apps/sandbox/src/main.ts', { SANDBOX_PORT: String(sandboxPort) }, `${sandboxBase}/healthz`);
  Object.assign(process.env, { DATABASE_URL: db.url, REDIS_URL: redis.url, WHATSAPP_GRAPH_URL: sandboxBase });
  delete process.env.ENCRYPTION_KEY; // the dashboard falls back to the development key, as the rows below use

  const workspace = await db.prisma.workspace.create({ data: { name: 'Reply', slug: 'reply' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  for (const role of ['agent', 'viewer', 'stranger'] as const) {
    const user = await db.prisma.user.create({ data: { email: `${role}@example.com`, passwordHash: 'x' } });
    await db.prisma.member.create({ data: { workspaceId: role === 'stranger' ? other.id : workspaceId, userId: user.id, role: role === 'stranger' ? 'owner' : role } });
    s[role] = { userId: user.id, email: user.email, name: null };
  }
  const channelOf = async (phoneNumberId: string, wabaId: string, token: string) =>
    db.prisma.channel.create({
      data: {
        workspaceId, kind: 'sandbox', phoneNumberId, wabaId, displayPhoneNumber: '15550001111',
        accessTokenEnc: box.encrypt(token), appSecretEnc: box.encrypt('s'), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: `h-${phoneNumberId}`,
      },
    });
  const channel = await channelOf('1099', '2099', 'reply-token');
  const broken = await channelOf('1098', '2098', 'not-the-sandbox-token');
  await fetch(`${sandboxBase}/_sandbox/numbers/1099`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ display_phone_number: '15550001111', waba_id: '2099', access_token: 'reply-token', app_secret: 's' }),
  });
  const now = Date.now();
  const conversationOf = async (channelId: string, waId: string, name: string, data: { owner: 'bot' | 'human'; windowExpiresAt: Date | null }) => {
    const contact = await db.prisma.contact.create({ data: { workspaceId, waId, name } });
    return (await db.prisma.conversation.create({ data: { workspaceId, channelId, contactId: contact.id, ...data } })).id;
  };
  openId = await conversationOf(channel.id, '15551234567', 'Ada', { owner: 'bot', windowExpiresAt: new Date(now + 3_600_000) });
  closedId = await conversationOf(channel.id, '15559990000', 'Cold', { owner: 'bot', windowExpiresAt: new Date(now - 60_000) });
  brokenId = await conversationOf(broken.id, '15558880000', 'Elsewhere', { owner: 'human', windowExpiresAt: null });
}, 60_000);
afterAll(async () => {
  await closeSendMessageDeps();
  redisClient?.disconnect();
  await sandbox?.stop();
  await redis?.stop();
  await db?.drop();
});

describe('conversation.reply', () => {
  it('queues the agent\'s text like an API send, hands it to the outbound scheduler and takes the conversation over', async () => {
    const result = await callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: openId, client_id: randomUUID(), message: text('  Hello Ada, a person here.  ') });
    expect(result).toMatchObject({ status: 'queued', type: 'text', taken_over: true, replayed: false });

    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: result.message_id } });
    expect(message).toMatchObject({ direction: 'outbound', status: 'queued', source: 'agent', type: 'text', conversationId: openId, priority: 'high' });
    expect(box.decryptJson(message.contentEnc)).toEqual({ text: { body: 'Hello Ada, a person here.' } });
    expect(await db.prisma.outboxEntry.count({ where: { topic: 'outbound.send' } })).toBe(1);
    expect(await createOutboundScheduler(redisClient).has([result.message_id])).toEqual([true]);

    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: openId } });
    expect(conversation.owner).toBe('human');
    const audit = await db.prisma.auditLog.findMany({ where: { workspaceId }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['conversation.handoff', 'user', s.agent.userId],
      ['message.agent_reply', 'user', s.agent.userId],
    ]);
    expect(audit[1]).toMatchObject({ targetType: 'message', targetId: result.message_id, data: { conversation_id: openId, type: 'text' } });
    const events = await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' } });
    expect(events.map((e) => (e.payload as { type: string }).type).sort()).toEqual(['conversation.handoff', 'message.status'].sort());
  });

  it('sends a composed message once however often it is submitted', async () => {
    const clientId = randomUUID();
    const before = await db.prisma.message.count();
    const first = await callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: openId, client_id: clientId, message: text('Once') });
    const again = await callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: openId, client_id: clientId, message: text('Once') });
    expect(again).toMatchObject({ message_id: first.message_id, replayed: true, taken_over: false });

    const racing = randomUUID();
    const both = await Promise.allSettled([0, 1].map(() => callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: openId, client_id: racing, message: text('Twice?') })));
    const fulfilled = both.filter((r) => r.status === 'fulfilled');
    expect(fulfilled.length).toBeGreaterThan(0);
    for (const r of both) if (r.status === 'rejected') expect(await trpcCode(Promise.reject(r.reason))).toBe('CONFLICT');
    expect(await db.prisma.message.count()).toBe(before + 2);
    expect(await db.prisma.auditLog.count({ where: { action: 'message.agent_reply' } })).toBe(3);
  });

  it('refuses a text outside the 24 h window with a clear 422 and writes nothing', async () => {
    const before = await written();
    const call = callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: closedId, client_id: randomUUID(), message: text('Are you there?') });
    await expect(call).rejects.toMatchObject({ code: 'UNPROCESSABLE_CONTENT', message: expect.stringMatching(/window .* closed: pick a template/i) });
    expect(await written()).toEqual(before);
    // Not even taken over: a refused reply leaves the bot in charge.
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: closedId } })).owner).toBe('bot');
  });

  it('sends a template when the window is closed', async () => {
    const result = await callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: closedId, client_id: randomUUID(), message: orderUpdate });
    expect(result).toMatchObject({ type: 'template', taken_over: true, replayed: false });
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: result.message_id } });
    expect(message).toMatchObject({ type: 'template', source: 'agent', status: 'queued' });
    expect(box.decryptJson(message.contentEnc)).toEqual({ template: orderUpdate.template });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: result.message_id } });
    expect(audit.data).toMatchObject({ type: 'template', template: 'order_update', language: 'en_US' });
  });

  it('validates the message with the composer\'s schema', async () => {
    const before = await written();
    expect(await trpcCode(callerFor(s.agent).conversation.reply({ workspaceId, conversation_id: openId, client_id: randomUUID(), message: text('   ') }))).toBe('BAD_REQUEST');
    expect(await written()).toEqual(before);
  });

  it('is refused to viewers and gives other workspaces nothing', async () => {
    const before = await written();
    const reply = { conversation_id: openId, client_id: randomUUID(), message: text('Not mine to send') };
    expect(await trpcCode(callerFor(s.viewer).conversation.reply({ workspaceId, ...reply }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(s.stranger).conversation.reply({ workspaceId, ...reply }))).toBe('NOT_FOUND');
    expect(await trpcCode(callerFor(s.stranger).conversation.reply({ workspaceId: otherWorkspaceId, ...reply }))).toBe('NOT_FOUND');
    expect(await written()).toEqual(before);
  });
});

describe('conversation.templates', () => {
  it('lists the approved templates of the conversation\'s channel with their body parameters', async () => {
    const list = await callerFor(s.viewer).conversation.templates({ workspaceId, id: openId });
    expect(list.error).toBeNull();
    expect(list.templates.map((t) => `${t.name}/${t.language}`)).toEqual(['follow_up/en_US', 'hello_world/en_US', 'order_update/en_US', 'order_update/es_ES']);
    const order = list.templates.find((t) => t.name === 'order_update' && t.language === 'en_US')!;
    expect(order).toMatchObject({
      parameter_format: 'positional',
      parameters: [{ key: '1', example: 'Ada' }, { key: '2', example: '#1042' }, { key: '3', example: 'Friday' }],
      unsupported: null,
    });
    const followUp = list.templates.find((t) => t.name === 'follow_up')!;
    expect(followUp).toMatchObject({ parameter_format: 'named', parameters: [{ key: 'first_name', example: 'Ada' }, { key: 'topic', example: 'your order' }], buttons: ['Continue'] });
  });

  it('fails soft with Meta\'s reason when the Cloud API refuses', async () => {
    const list = await callerFor(s.viewer).conversation.templates({ workspaceId, id: brokenId });
    expect(list.templates).toEqual([]);
    expect(list.error).toMatch(/refused.*code 190/);
  });

  it('gives other workspaces nothing', async () => {
    expect(await trpcCode(callerFor(s.stranger).conversation.templates({ workspaceId: otherWorkspaceId, id: openId }))).toBe('NOT_FOUND');
  });
});
