// The Chatwoot mirror on a real Postgres against the fake Chatwoot (real HTTP both ways): contacts and
// conversations created once under 20 concurrent first messages, messages in order, name updates,
// statuses, the webhook handler (echoes, notes, takeover and resume, dedup, signatures), auto-resume,
// and drift repair after an outage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeChatwoot, type FakeChatwoot } from '@switchboard/chatwoot/testing';
import { isCrmSyncError } from '@switchboard/crm';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, hashVerifyToken, type TestDatabase } from '@switchboard/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffConversation } from '../bot/handoff-conversation';
import { configureChatwoot } from './configure-chatwoot';
import { recordCrmDeadLetter } from './crm-dead-letters';
import { isCrmBusyError } from './crm-locks';
import type { CrmSyncTask } from './crm-sync-task';
import { handleChatwootWebhook, type ChatwootWebhookDeps } from './handle-chatwoot-webhook';
import { loadCrmIntegration } from './load-crm-integration';
import { readCrmFeed, type ScheduledCrmTask } from './read-crm-feed';
import { runCrmSyncTask, type CrmTaskOutcome } from './run-crm-sync-task';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let db: TestDatabase;
let fake: FakeChatwoot;
let handler: Server;
let handlerUrl: string;
let deps: ChatwootWebhookDeps;
let sql: pg.Pool;
let clock: Date | null = null;
const dispatched: string[] = [];
const handled: { status: number; body: string }[] = [];
let workspaceId: string;
let channelId: string;
let integrationId: string;
let inboxId: number;
let seq = 0;

/** Runs a task like the worker does: a busy lock means "again shortly". */
async function run(task: CrmSyncTask): Promise<CrmTaskOutcome> {
  for (;;) {
    try {
      return await runCrmSyncTask(deps, task);
    } catch (error) {
      if (!isCrmBusyError(error)) throw error;
      await sleep(20 + Math.random() * 30);
    }
  }
}

async function contactWithConversation(waId: string, name = 'Sheena') {
  const contact = await db.prisma.contact.create({ data: { workspaceId, waId, name } });
  const conversation = await db.prisma.conversation.create({
    data: { workspaceId, channelId, contactId: contact.id, windowExpiresAt: new Date(Date.now() + 86_400_000), lastMessageAt: new Date() },
  });
  return { contactId: contact.id, conversationId: conversation.id };
}

async function message(c: { contactId: string; conversationId: string }, direction: 'inbound' | 'outbound', body: string) {
  seq += 1;
  const row = await db.prisma.message.create({
    data: {
      workspaceId, channelId, conversationId: c.conversationId, contactId: c.contactId, direction, type: 'text',
      contentEnc: box.encryptJson({ text: { body } }), status: direction === 'inbound' ? 'received' : 'queued',
      source: direction === 'inbound' ? 'whatsapp' : 'bot', traceId: 't'.repeat(32), createdAt: new Date(Date.now() + seq),
      ...(direction === 'inbound' ? { wamid: `wamid.${seq}-${Math.random()}` } : {}),
    },
  });
  return row.id;
}

const crmConversationOf = async (conversationId: string) =>
  (await db.prisma.crmLink.findUniqueOrThrow({ where: { integrationId_entity_localId: { integrationId, entity: 'conversation', localId: conversationId } } })).externalId;

async function untilHandled(count: number) {
  await fake.flushWebhooks();
  // A bound for a loaded machine, not a speed check: the assertions after it say what was expected.
  const deadline = Date.now() + 30_000;
  while (handled.length < count && Date.now() < deadline) await sleep(20);
}

beforeAll(async () => {
  db = await createTestDatabase('crm_sync');
  fake = await startFakeChatwoot();
  handler = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const h = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
      handleChatwootWebhook(deps, {
        integrationId: req.url?.split('/')[4] ?? '', rawBody, body: JSON.parse(rawBody.toString('utf8')) as unknown,
        signature: h('x-chatwoot-signature'), timestamp: h('x-chatwoot-timestamp'), deliveryId: h('x-chatwoot-delivery'), traceId: 'w'.repeat(32),
      }).then(
        (result) => {
          const body = JSON.stringify(result);
          handled.push({ status: 200, body });
          res.writeHead(200).end(body);
        },
        (error: Error & { httpStatus?: number }) => {
          handled.push({ status: error.httpStatus ?? 500, body: error.message });
          res.writeHead(error.httpStatus ?? 500).end(error.message);
        },
      );
    });
  });
  await new Promise<void>((r) => handler.listen(0, '127.0.0.1', r));
  handlerUrl = `http://127.0.0.1:${(handler.address() as AddressInfo).port}`;
  sql = new pg.Pool({ connectionString: db.url, max: 4 });
  sql.on('error', () => undefined); // connections end when the test database is dropped
  deps = {
    prisma: db.prisma, sql, secretBox: box, clock: () => clock ?? new Date(),
    dispatcher: { dispatchOutbound: async ({ messageId }) => void dispatched.push(messageId) },
    reconcile: { settleMs: 0 },
  };
  const workspace = await db.prisma.workspace.create({ data: { name: 'CRM', slug: 'crm' } });
  workspaceId = workspace.id;
  const channel = await db.prisma.channel.create({
    data: {
      workspaceId, kind: 'sandbox', phoneNumberId: '1099000111', wabaId: '2099000111', displayPhoneNumber: '15550001111',
      accessTokenEnc: box.encrypt('t'), appSecretEnc: box.encrypt('s'), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: hashVerifyToken('v'),
    },
  });
  channelId = channel.id;
  const view = await configureChatwoot(deps, {
    workspaceId, publicApiUrl: handlerUrl,
    input: { base_url: fake.url, account_id: fake.accountId, access_token: fake.accessToken, create_inbox: { name: 'WhatsApp' }, auto_resume_minutes: 5 },
  });
  integrationId = view.id;
  inboxId = view.inbox_id ?? 0;
  expect(view.webhook_url).toBe(`${handlerUrl}/api/integrations/chatwoot/${view.id}/webhook`);
  expect(fake.state.inboxes[0]).toMatchObject({ id: inboxId, webhook_url: view.webhook_url });
});

afterAll(async () => {
  await sql?.end();
  await fake?.close();
  await new Promise((r) => handler?.close(r));
  await db?.drop();
});

describe('mirror to Chatwoot', () => {
  it('creates one contact, one contact inbox and one conversation for 20 concurrent first messages, and the messages in order', async () => {
    const c = await contactWithConversation('16505551234');
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push(await message(c, 'inbound', `message ${i}`));
    const before = fake.requests.length;
    await Promise.all(ids.map((messageId) => run({ kind: 'message', workspaceId, messageId })));
    const calls = fake.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/\d+/g, 'N')}`);
    expect(calls.filter((c) => c === 'POST /contacts')).toHaveLength(1);
    expect(calls.filter((c) => c === 'POST /conversations')).toHaveLength(1);
    expect(fake.state.contacts.filter((x) => x.identifier === 'whatsapp:16505551234')).toHaveLength(1);
    expect(fake.state.contactInboxes.filter((x) => x.source_id === '16505551234')).toHaveLength(1);
    expect(fake.state.contactInboxes).toHaveLength(1);
    const crmId = Number(await crmConversationOf(c.conversationId));
    expect(fake.state.conversations.find((x) => x.id === crmId)?.status).toBe('pending');
    expect(fake.state.messages.filter((m) => m.conversation_id === crmId).map((m) => m.content)).toEqual(ids.map((_, i) => `message ${i}`));
    expect(fake.state.messages.every((m) => m.message_type === 'incoming')).toBe(true);
    expect(fake.violations).toEqual([]);
    // Chatwoot's echoes of the incoming messages (sender: contact) change nothing.
    await untilHandled(20);
    expect(handled.filter((h) => h.status !== 200)).toEqual([]);
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).owner).toBe('bot');
  });

  it('mirrors replies as outgoing with their WhatsApp status, updates a changed contact name once, and ignores its own echoes', async () => {
    const c = await contactWithConversation('16505550002', 'Old Name');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'hello') });
    const reply = await message(c, 'outbound', 'Hi! How can I help?');
    await db.prisma.contact.update({ where: { id: c.contactId }, data: { name: 'New Name' } });
    await untilHandled(0);
    handled.length = 0;
    await run({ kind: 'message', workspaceId, messageId: reply });
    await run({ kind: 'message', workspaceId, messageId: reply });
    await db.prisma.message.update({ where: { id: reply }, data: { status: 'delivered' } });
    expect((await run({ kind: 'message_status', workspaceId, messageId: reply, status: 'delivered' })).outcome).toBe('status_mirrored');
    const crmId = Number(await crmConversationOf(c.conversationId));
    const mirrored = fake.state.messages.filter((m) => m.conversation_id === crmId);
    expect(mirrored.map((m) => [m.message_type, m.content, m.status])).toEqual([['incoming', 'hello', 'sent'], ['outgoing', 'Hi! How can I help?', 'delivered']]);
    expect(fake.state.contacts.find((x) => x.identifier === 'whatsapp:16505550002')?.name).toBe('New Name');
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    // The outgoing mirror comes back as message_created from a "user" (our API token): an echo, not an agent.
    await untilHandled(1);
    expect(handled.map((h) => JSON.parse(h.body) as { outcomes: string[] }).flatMap((b) => b.outcomes)).toEqual(['ignored:echo']);
    expect(dispatched).toEqual([]);
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).owner).toBe('bot');
  });
});

describe('from Chatwoot', () => {
  it('sends a public agent reply to WhatsApp once and takes the conversation over; notes, activities and bot messages are ignored', async () => {
    const c = await contactWithConversation('16505550003');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'I need a human') });
    const crmId = await crmConversationOf(c.conversationId);
    await untilHandled(0);
    handled.length = 0;
    fake.agentReply(crmId, 'internal: check the order', { private: true });
    fake.agentReply(crmId, 'Alice self-assigned', { activity: true });
    fake.agentReply(crmId, 'beep', { senderType: 'agent_bot' });
    await untilHandled(3);
    expect(dispatched).toEqual([]);
    const agent = fake.agentReply(crmId, 'Hello, Alice here.');
    await untilHandled(4);
    expect(dispatched).toHaveLength(1);
    const sent = await db.prisma.message.findUniqueOrThrow({ where: { id: dispatched[0] } });
    expect(sent).toMatchObject({ direction: 'outbound', source: 'crm', status: 'queued', conversationId: c.conversationId, priority: 'high' });
    expect(box.decryptJson(sent.contentEnc)).toEqual({ text: { body: 'Hello, Alice here.' } });
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
    expect(conversation.owner).toBe('human');
    const events = await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.payload as { type: string; conversationId?: string; reason?: string }).filter((p) => p.conversationId === c.conversationId))
      .toEqual([expect.objectContaining({ type: 'conversation.handoff', reason: 'crm:agent_reply' })]);
    // Redelivered with the same X-Chatwoot-Delivery: nothing happens.
    const delivery = fake.deliveries.find((d) => JSON.parse(d.body).id === agent.id)!;
    fake.redeliver(delivery, delivery.headers['x-chatwoot-delivery'] ? `${handlerUrl}/api/integrations/chatwoot/${integrationId}/webhook` : '');
    await untilHandled(5);
    expect(JSON.parse(handled.at(-1)!.body)).toEqual({ duplicate: true, outcomes: [] });
    // Mirroring our new message only links it to the agent's Chatwoot message: nothing is posted back.
    const before = fake.state.messages.length;
    expect((await run({ kind: 'message', workspaceId, messageId: sent.id })).outcome).toBe('already_mirrored');
    expect(fake.state.messages.length).toBe(before);
    await db.prisma.message.update({ where: { id: sent.id }, data: { status: 'read' } });
    await run({ kind: 'message_status', workspaceId, messageId: sent.id, status: 'read' });
    expect(fake.state.messages.find((m) => m.id === agent.id)?.status).toBe('read');
    dispatched.length = 0;
  });

  it('marks an agent reply WhatsApp would refuse (24 h window closed) as failed in Chatwoot, with why', async () => {
    const c = await contactWithConversation('16505550007');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'hello?') });
    await db.prisma.conversation.update({ where: { id: c.conversationId }, data: { windowExpiresAt: new Date(Date.now() - 60_000) } });
    const crmId = await crmConversationOf(c.conversationId);
    await untilHandled(0);
    const n = handled.length;
    const agent = fake.agentReply(crmId, 'Sorry for the wait!');
    await untilHandled(n + 1);
    expect((JSON.parse(handled[n]!.body) as { outcomes: string[] }).outcomes).toEqual(['agent_message_rejected:outside_customer_service_window']);
    expect(dispatched).toEqual([]);
    expect(fake.state.messages.find((m) => m.id === agent.id)).toMatchObject({ status: 'failed', external_error: expect.stringMatching(/window/) });
  });

  it('opens the Chatwoot conversation when the bot hands off', async () => {
    const c = await contactWithConversation('16505550008');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'agent please') });
    const crmId = Number(await crmConversationOf(c.conversationId));
    expect(fake.state.conversations.find((x) => x.id === crmId)?.status).toBe('pending');
    const enqueued: ScheduledCrmTask[] = [];
    await readCrmFeed({ sql }, { settleMs: 0, enqueue: async () => undefined });
    await db.prisma.$transaction((tx) =>
      handoffConversation(tx, { workspaceId, conversationId: c.conversationId, botId: '01900000-0000-7000-8000-0000000000b0', reason: 'asked for a human', traceId: 'h'.repeat(32), now: new Date() }),
    );
    for (;;) if ((await readCrmFeed({ sql }, { settleMs: 0, enqueue: async (t) => void enqueued.push(...t) })).read === 0) break;
    const open = enqueued.filter((t) => t.task.kind === 'conversation_status' && t.task.conversationId === c.conversationId);
    expect(open.map((t) => 'status' in t.task && t.task.status)).toEqual(['open']);
    for (const t of open) expect((await run(t.task)).outcome).toBe('status_set');
    expect(fake.state.conversations.find((x) => x.id === crmId)?.status).toBe('open');
    // Chatwoot's status webhook for our own toggle changes nothing: the owner already is human.
    await untilHandled(handled.length + 1);
    expect((JSON.parse(handled.at(-1)!.body) as { outcomes: string[] }).outcomes).toEqual(['unchanged']);
  });

  it('takes over on pending → open and on assignment, resumes on resolved and on pending, each once', async () => {
    const c = await contactWithConversation('16505550004');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'hi') });
    const crmId = await crmConversationOf(c.conversationId);
    const owner = async () => (await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).owner;
    const step = async (act: () => void) => {
      const n = handled.length;
      act();
      await untilHandled(n + 1);
      return { owner: await owner(), outcomes: (JSON.parse(handled[n]!.body) as { outcomes: string[] }).outcomes };
    };
    await untilHandled(0);
    expect(await step(() => fake.agentSetStatus(crmId, 'open'))).toEqual({ owner: 'human', outcomes: ['taken_over'] });
    expect(await step(() => fake.agentSetStatus(crmId, 'resolved'))).toEqual({ owner: 'bot', outcomes: ['resumed'] });
    expect(await step(() => fake.agentAssign(crmId, 2))).toEqual({ owner: 'human', outcomes: ['taken_over'] });
    expect(await step(() => fake.agentAssign(crmId, 5))).toEqual({ owner: 'human', outcomes: ['unchanged'] });
    expect(await step(() => fake.agentSetStatus(crmId, 'pending'))).toEqual({ owner: 'bot', outcomes: ['resumed'] });
    // Chatwoot reopening a resolved conversation because the contact wrote is not a takeover.
    fake.agentSetStatus(crmId, 'resolved');
    await untilHandled(handled.length + 1);
    expect(await step(() => fake.agentSetStatus(crmId, 'open'))).toEqual({ owner: 'bot', outcomes: ['reopened_for_bot'] });
    const types = (await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }))
      .map((e) => e.payload as { type: string; conversationId?: string; reason?: string })
      .filter((p) => p.conversationId === c.conversationId)
      .map((p) => `${p.type}:${p.reason}`);
    expect(types).toEqual(['conversation.handoff:crm:opened', 'conversation.resumed:crm:resolved', 'conversation.handoff:crm:assigned', 'conversation.resumed:crm:pending']);
  });

  it('ignores a status or assignee change older than the last one applied (webhooks out of order)', async () => {
    const c = await contactWithConversation('16505550014');
    await run({ kind: 'message', workspaceId, messageId: await message(c, 'inbound', 'hi') });
    const crmId = await crmConversationOf(c.conversationId);
    const owner = async () => (await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).owner;
    await untilHandled(0);
    // An agent opens, then resolves; Chatwoot delivers the resolve first and the open late.
    fake.holdWebhooks();
    fake.agentSetStatus(crmId, 'open');
    fake.agentSetStatus(crmId, 'resolved');
    let n = handled.length;
    expect(await fake.releaseWebhooks({ reverse: true })).toBe(2);
    await untilHandled(n + 2);
    expect(handled.slice(n).map((h) => (JSON.parse(h.body) as { outcomes: string[] }).outcomes[0])).toEqual(['unchanged', 'ignored:older than the last applied change']);
    expect(await owner()).toBe('bot');
    // Assigned, then resolved; the assignment arrives late and does not take the conversation over again.
    fake.agentSetStatus(crmId, 'pending');
    await untilHandled(handled.length + 1);
    fake.agentSetStatus(crmId, 'open');
    await untilHandled(handled.length + 1);
    expect(await owner()).toBe('human');
    fake.holdWebhooks();
    fake.agentAssign(crmId, 2);
    fake.agentSetStatus(crmId, 'resolved');
    n = handled.length;
    await fake.releaseWebhooks({ reverse: true });
    await untilHandled(n + 2);
    expect(handled.slice(n).map((h) => (JSON.parse(h.body) as { outcomes: string[] }).outcomes[0])).toEqual(['resumed', 'ignored:older than the last applied change']);
    expect(await owner()).toBe('bot');
    // In order, each is applied.
    fake.agentSetStatus(crmId, 'pending');
    await untilHandled(handled.length + 1);
    fake.holdWebhooks();
    fake.agentSetStatus(crmId, 'open');
    fake.agentSetStatus(crmId, 'pending');
    n = handled.length;
    await fake.releaseWebhooks();
    await untilHandled(n + 2);
    expect(handled.slice(n).map((h) => (JSON.parse(h.body) as { outcomes: string[] }).outcomes[0])).toEqual(['taken_over', 'resumed']);
    expect(await owner()).toBe('bot');
  });

  it('rejects a missing, wrong or stale signature when a secret is set, and accepts a good one', async () => {
    await configureChatwoot(deps, {
      workspaceId, publicApiUrl: handlerUrl,
      input: { base_url: fake.url, account_id: fake.accountId, inbox_id: inboxId, webhook_secret: 'cw_secret_123', auto_resume_minutes: 5 },
    });
    const url = `${handlerUrl}/api/integrations/chatwoot/${integrationId}/webhook`;
    const body = { event: 'conversation_updated', id: 1, inbox_id: inboxId, changed_attributes: [] };
    const n = handled.length;
    fake.setWebhookSecret(undefined);
    fake.deliver(url, body);
    fake.setWebhookSecret('wrong-secret');
    fake.deliver(url, body);
    fake.setWebhookSecret('cw_secret_123');
    fake.deliver(url, body, { headers: { 'x-chatwoot-timestamp': String(Math.floor(Date.now() / 1000) - 600) } });
    fake.deliver(url, body);
    await untilHandled(n + 4);
    const statuses = handled.slice(n).map((h) => `${h.status} ${h.status === 200 ? '' : h.body.split(': ')[1]}`).sort();
    expect(statuses).toEqual(['200 ', '401 bad_signature', '401 missing_signature', '401 stale_timestamp']);
    fake.setWebhookSecret(undefined);
    await configureChatwoot(deps, {
      workspaceId, publicApiUrl: handlerUrl,
      input: { base_url: fake.url, account_id: fake.accountId, inbox_id: inboxId, webhook_secret: null, auto_resume_minutes: 5 },
    });
  });
});

describe('auto-resume and drift', () => {
  it('gives a conversation back to the bot after the quiet period, counted from the last agent activity', async () => {
    const c = await contactWithConversation('16505550005');
    const handoffAt = new Date('2030-01-01T10:00:00Z');
    await db.prisma.conversation.update({ where: { id: c.conversationId }, data: { owner: 'human', handoffAt } });
    const task: CrmSyncTask = { kind: 'auto_resume', workspaceId, conversationId: c.conversationId, handoffAt: handoffAt.toISOString() };
    clock = new Date(handoffAt.getTime() + 60_000);
    const early = await run(task);
    expect(early.outcome).toBe('rescheduled');
    expect(early.followUp?.[0]?.delayMs).toBe(4 * 60_000);
    clock = new Date(handoffAt.getTime() + 5 * 60_000);
    expect((await run(task)).outcome).toBe('resumed');
    expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).owner).toBe('bot');
    const resumed = await db.prisma.auditLog.findFirst({ where: { targetId: c.conversationId, action: 'conversation.resumed' } });
    expect(resumed?.data).toEqual({ reason: 'auto_resume' });
    clock = null;
  });

  it('turns outbox events into tasks: handoffs open the CRM conversation and start the auto-resume timer; CRM-made resumes are not echoed', async () => {
    const enqueued: ScheduledCrmTask[] = [];
    const feed = (settleMs = 0) => readCrmFeed({ sql }, { settleMs, enqueue: async (t) => void enqueued.push(...t) });
    await feed();
    await db.prisma.crmFeedCursor.update({ where: { name: 'crm' }, data: { position: new Date(0) } });
    enqueued.length = 0;
    for (;;) if ((await feed()).read === 0) break;
    const kinds = enqueued.map((t) => `${t.task.kind}${'status' in t.task ? `:${t.task.status}` : ''}${t.delayMs ? `+${t.delayMs}` : ''}`);
    expect(kinds).toContain('message');
    expect(kinds).toContain('conversation_status:open');
    expect(kinds).toContain('auto_resume+300000');
    expect(kinds).toContain('conversation_status:pending');
    // Only the auto-resume wrote a non-CRM resume; the resolved/pending ones came from Chatwoot.
    const resumes = (await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' } })).map((e) => e.payload as { type: string; reason: string | null }).filter((p) => p.type === 'conversation.resumed');
    expect(kinds.filter((k) => k === 'conversation_status:pending'), JSON.stringify(resumes)).toHaveLength(1);
  });

  it('dead-letters what could not be synced while Chatwoot was down, and the reconciler repairs it (and a conversation Chatwoot lost)', async () => {
    const integration = (await loadCrmIntegration(deps, workspaceId))!;
    const c = await contactWithConversation('16505550006');
    const first = await message(c, 'inbound', 'before the outage');
    await run({ kind: 'message', workspaceId, messageId: first });
    await fake.down();
    const during = [await message(c, 'inbound', 'during 1'), await message(c, 'inbound', 'during 2')];
    for (const messageId of during) {
      const task: CrmSyncTask = { kind: 'message', workspaceId, messageId };
      const error = await run(task).catch((e: unknown) => e);
      expect(isCrmSyncError(error) && error.kind).toBe('unavailable');
      await recordCrmDeadLetter(db.prisma, integration, task, error);
    }
    expect(await db.prisma.crmDeadLetter.count({ where: { resolvedAt: null, retryable: true } })).toBe(2);
    await fake.up();
    const repair = await run({ kind: 'reconcile', workspaceId });
    expect(repair.reconcile).toMatchObject({ missingMessages: 1, lostConversations: 0 });
    for (const follow of repair.followUp ?? []) await run(follow.task);
    const crmId = Number(await crmConversationOf(c.conversationId));
    expect(fake.state.messages.filter((m) => m.conversation_id === crmId).map((m) => m.content)).toEqual(['before the outage', 'during 1', 'during 2']);
    expect(await db.prisma.crmDeadLetter.count({ where: { resolvedAt: null } })).toBe(0);

    // Someone deletes the conversation in Chatwoot: the next pass recreates it with its messages.
    fake.state.conversations.splice(fake.state.conversations.findIndex((x) => x.id === crmId), 1);
    const again = await run({ kind: 'reconcile', workspaceId });
    expect(again.reconcile?.lostConversations).toBe(1);
    for (const follow of again.followUp ?? []) await run(follow.task);
    const newId = Number(await crmConversationOf(c.conversationId));
    expect(newId).not.toBe(crmId);
    expect(fake.state.messages.filter((m) => m.conversation_id === newId).map((m) => m.content)).toEqual(['before the outage', 'during 1', 'during 2']);
  });
});
