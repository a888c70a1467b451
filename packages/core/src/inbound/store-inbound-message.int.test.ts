// The inbound hot path against a real Postgres: a webhook with one message
// applied by one statement on a pg pool (storeInboundMessage), with the same
// guarantees as the transaction path: once per wamid, contacts merged,
// forward-only window, bot input with the message, none for a human.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newRowId } from './new-row-id';
import { createTestChannel, statusPayload, textMessagePayload, type TestChannel } from './inbound-test-fixtures';
import type { OnInboundMessage, RecordedInboundInput } from './on-inbound-message';
import { processInboundWebhook, type InboundProcessorDeps } from './process-inbound-webhook';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });
const botId = newRowId();
let db: TestDatabase;
let pool: pg.Pool;
let channel: TestChannel;
let deps: InboundProcessorDeps;
let inTransaction: ReturnType<typeof vi.fn>;
let recorded: RecordedInboundInput[];

beforeAll(async () => {
  db = await createTestDatabase('core_inbound_one_statement');
  pool = new pg.Pool({ connectionString: db.url, max: 6 });
  pool.on('error', () => undefined); // connections end when the test database is dropped
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  channel = await createTestChannel(db.prisma, box);
  recorded = [];
  inTransaction = vi.fn(async () => undefined);
  const hook = inTransaction as unknown as OnInboundMessage;
  hook.oneStatement = {
    plan: async () => ({ botId, contentEnc: box.encryptJson({ type: 'text', text: 'x' }), delayMs: 0 }),
    recorded: (input) => void recorded.push(input),
  };
  deps = { prisma: db.prisma, secretBox: box, logger, onInboundMessage: hook, sql: pool };
});

let n = 0;
const wamid = () => `wamid.ONE${Date.now()}${(n += 1)}`;
async function store(payload: unknown): Promise<string> {
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  return row.id;
}
const deliver = async (payload: unknown) => processInboundWebhook(deps, { inboundWebhookId: await store(payload) });

describe('one-statement inbound path', () => {
  it('stores a message, its customer event and its bot input once however often Meta delivers it', async () => {
    const id = wamid();
    const payload = textMessagePayload(channel, { wamid: id, from: '16505551234', timestamp: 1749416383 });
    const webhookId = await store(payload);
    const first = await processInboundWebhook(deps, { inboundWebhookId: webhookId });
    const results = [first, await deliver(payload), await deliver(payload), await processInboundWebhook(deps, { inboundWebhookId: webhookId })];
    expect(results.map((r) => [r.status, r.counts])).toEqual([
      ['processed', { message_stored: 1 }],
      ['processed', { message_duplicate: 1 }],
      ['processed', { message_duplicate: 1 }],
      ['already_processed', {}],
    ]);
    // The transaction path never ran: its hook would have been called.
    expect(inTransaction).not.toHaveBeenCalled();

    const [message, ...more] = await db.prisma.message.findMany({ where: { channelId: channel.channelId, wamid: id } });
    expect(more).toHaveLength(0);
    expect(message).toMatchObject({ direction: 'inbound', status: 'received', source: 'whatsapp', type: 'text', sentAt: new Date(1749416383_000) });
    expect(box.decryptJson(message!.contentEnc)).toEqual({ text: { body: 'Does it come in another color?' } });
    const events = await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event' } });
    expect(events.filter((e) => (e.payload as { messageId?: string }).messageId === message!.id)).toHaveLength(1);

    const inputs = await db.prisma.botTurnInput.findMany({ where: { messageId: message!.id } });
    expect(inputs).toHaveLength(1);
    const webhook = await db.prisma.inboundWebhook.findUniqueOrThrow({ where: { id: webhookId } });
    expect(inputs[0]).toMatchObject({ botId, wamid: id, conversationId: message!.conversationId, receivedAt: webhook.receivedAt });
    expect(webhook.processedAt).not.toBeNull();
    expect(recorded).toEqual([expect.objectContaining({ inputId: inputs[0]!.id, conversationId: message!.conversationId, delayMs: 0 })]);
  });

  it('applies one webhook once when the queue and the sweep run it at the same time', async () => {
    const id = wamid();
    const webhookId = await store(textMessagePayload(channel, { wamid: id, from: '16505550002', timestamp: 1749416383 }));
    const results = await Promise.all([1, 2, 3].map(() => processInboundWebhook(deps, { inboundWebhookId: webhookId })));
    expect(results.map((r) => r.status).sort()).toEqual(['already_processed', 'already_processed', 'processed']);
    expect(results.filter((r) => r.counts['message_stored'] === 1)).toHaveLength(1);
    expect(await db.prisma.message.count({ where: { wamid: id } })).toBe(1);
    expect(recorded).toHaveLength(1);
  });

  it('opens the 24 h window from the message timestamp and never moves it back', async () => {
    const ts = 1_800_000_000;
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505552222', timestamp: ts }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505552222', timestamp: ts - 3600 }));
    const conversation = await db.prisma.conversation.findFirstOrThrow({ where: { channelId: channel.channelId, contact: { waId: '16505552222' } } });
    expect(conversation.windowExpiresAt?.toISOString()).toBe(new Date((ts + 86_400) * 1000).toISOString());
    expect(conversation.lastInboundAt?.toISOString()).toBe(new Date(ts * 1000).toISOString());
    expect(conversation).toMatchObject({ status: 'open', owner: 'bot' });
    expect(await db.prisma.message.count({ where: { conversationId: conversation.id } })).toBe(2);
  });

  it('records every identity (newest wins), and a BSUID-only user by user_id', async () => {
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505553333', name: 'Ann', timestamp: 1_800_000_000 }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505553333', userId: 'US.111', username: '@ann', name: 'Ann B', timestamp: 1_800_000_100 }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), userId: 'US.999', username: '@cy', timestamp: 1_800_000_000 }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), userId: 'US.999', name: 'Cy', timestamp: 1_800_000_001 }));
    const contacts = await db.prisma.contact.findMany({ where: { workspaceId: channel.workspaceId }, orderBy: { createdAt: 'asc' } });
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toMatchObject({ waId: '16505553333', userId: 'US.111', username: '@ann', name: 'Ann B' });
    expect(contacts[1]).toMatchObject({ waId: null, userId: 'US.999', username: '@cy', name: 'Cy' });
    expect(recorded).toHaveLength(4);
  });

  it('falls back to the transaction path to merge two contacts a message shows are one person', async () => {
    await deliver(textMessagePayload(channel, { wamid: wamid(), userId: 'US.222', username: '@bo', timestamp: 1_800_000_000 }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505554444', timestamp: 1_800_000_050 }));
    expect(await db.prisma.contact.count({ where: { workspaceId: channel.workspaceId } })).toBe(2);
    const linking = await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505554444', userId: 'US.222', timestamp: 1_800_000_100 }));
    expect(linking.counts).toEqual({ message_stored: 1 });
    expect(inTransaction).toHaveBeenCalledTimes(1);
    expect(await db.prisma.contact.count({ where: { workspaceId: channel.workspaceId } })).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { workspaceId: channel.workspaceId, action: 'contact.merged' } })).toBe(1);
  });

  it('creates one contact and one conversation when webhooks for a new user race', async () => {
    const ids = await Promise.all(
      [1, 2, 3, 4].map((i) => store(textMessagePayload(channel, { wamid: wamid(), from: '16505555555', userId: 'US.555', timestamp: 1_800_000_000 + i }))),
    );
    await Promise.all(ids.map((id) => processInboundWebhook(deps, { inboundWebhookId: id })));
    expect(await db.prisma.contact.count({ where: { workspaceId: channel.workspaceId } })).toBe(1);
    expect(await db.prisma.conversation.count({ where: { channelId: channel.channelId } })).toBe(1);
    expect(await db.prisma.message.count({ where: { channelId: channel.channelId } })).toBe(4);
    expect(await db.prisma.botTurnInput.count({ where: { workspaceId: channel.workspaceId } })).toBe(4);
  });

  it('records no bot input for a conversation a human owns', async () => {
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505556666', timestamp: 1_800_000_000 }));
    await db.prisma.conversation.updateMany({ where: { channelId: channel.channelId }, data: { owner: 'human' } });
    const id = wamid();
    expect((await deliver(textMessagePayload(channel, { wamid: id, from: '16505556666', timestamp: 1_800_000_001 }))).counts).toEqual({ message_stored: 1 });
    expect(await db.prisma.message.count({ where: { wamid: id } })).toBe(1);
    expect(await db.prisma.botTurnInput.count({ where: { wamid: id } })).toBe(0);
    expect(recorded).toHaveLength(1);
  });

  it('leaves statuses to the transaction path', async () => {
    const result = await deliver(statusPayload(channel, [{ wamid: wamid(), status: 'sent', timestamp: 100 }]));
    expect(result).toMatchObject({ status: 'processed', counts: { status_unmatched: 1 } });
  });
});
