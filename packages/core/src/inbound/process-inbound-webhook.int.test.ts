// The worker's use-case against a real Postgres: idempotent messages,
// out-of-order statuses, ambiguous sends, contact merging and the window.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type PrismaClient, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestChannel, statusPayload, textMessagePayload, type TestChannel } from './inbound-test-fixtures';
import type { StoredInboundMessage } from './on-inbound-message';
import { processInboundWebhook, sweepInboundWebhooks, type InboundProcessorDeps } from './process-inbound-webhook';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });
let db: TestDatabase;
let pool: pg.Pool;
let channel: TestChannel;
let deps: InboundProcessorDeps;
let hook: ReturnType<typeof vi.fn<(m: StoredInboundMessage) => Promise<void>>>;

beforeAll(async () => {
  db = await createTestDatabase('core_inbound');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on('error', () => undefined); // connections end when the test database is dropped
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  channel = await createTestChannel(db.prisma, box);
  hook = vi.fn(async () => undefined);
  deps = { prisma: db.prisma, secretBox: box, logger, onInboundMessage: hook };
});

let n = 0;
const wamid = () => `wamid.TEST${Date.now()}${(n += 1)}`;

async function store(payload: unknown, target: TestChannel = channel): Promise<string> {
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: target.channelId, phoneNumberId: target.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  return row.id;
}
async function deliver(payload: unknown) {
  return processInboundWebhook(deps, { inboundWebhookId: await store(payload) });
}

async function outboundMessage(fields: { wamid?: string; status?: 'sending' | 'sent' } = {}) {
  return db.prisma.message.create({
    data: {
      workspaceId: channel.workspaceId, channelId: channel.channelId, direction: 'outbound', type: 'text',
      contentEnc: box.encryptJson({ text: { body: 'hello' } }), status: fields.status ?? 'sending', wamid: fields.wamid,
      source: 'api', traceId: 'a'.repeat(32),
    },
  });
}

describe('inbound messages', () => {
  it('stores a text message once however often Meta delivers it (golden 16), and calls the hook once', async () => {
    const id = wamid();
    const payload = textMessagePayload(channel, { wamid: id, from: '16505551234', timestamp: 1749416383 });
    const results = [await deliver(payload), await deliver(payload), await deliver(payload)];
    expect(results.map((r) => r.counts)).toEqual([{ message_stored: 1 }, { message_duplicate: 1 }, { message_duplicate: 1 }]);
    const messages = await db.prisma.message.findMany({ where: { channelId: channel.channelId, wamid: id } });
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ direction: 'inbound', status: 'received', source: 'whatsapp', type: 'text' });
    expect(box.decryptJson(message!.contentEnc)).toEqual({ text: { body: 'Does it come in another color?' } });
    expect(hook).toHaveBeenCalledTimes(1);
    expect(hook.mock.calls[0]![0]).toMatchObject({ messageId: message!.id, wamid: id, conversationId: message!.conversationId, contactId: message!.contactId });
    expect(await db.prisma.inboundWebhook.count({ where: { channelId: channel.channelId, processedAt: null } })).toBe(0);
  });

  it('runs the hook inside the storing transaction: a failing hook stores nothing and the retry stores it once', async () => {
    const id = wamid();
    const webhookId = await store(textMessagePayload(channel, { wamid: id, from: '16505550001', timestamp: 1749416383 }));
    hook.mockRejectedValueOnce(new Error('bot runtime down'));
    await expect(processInboundWebhook(deps, { inboundWebhookId: webhookId })).rejects.toThrow('bot runtime down');
    expect(await db.prisma.message.count({ where: { wamid: id } })).toBe(0);
    expect((await processInboundWebhook(deps, { inboundWebhookId: webhookId })).status).toBe('processed');
    expect(await db.prisma.message.count({ where: { wamid: id } })).toBe(1);
    expect(hook).toHaveBeenCalledTimes(2);
    expect((await processInboundWebhook(deps, { inboundWebhookId: webhookId })).status).toBe('already_processed');
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
});

describe('contacts', () => {
  it('merges identities: wa_id first, then the same number with a BSUID and username', async () => {
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505553333', name: 'Ann', timestamp: 1_800_000_000 }));
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505553333', userId: 'US.111', username: '@ann', name: 'Ann B', timestamp: 1_800_000_100 }));
    const contacts = await db.prisma.contact.findMany({ where: { workspaceId: channel.workspaceId } });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ waId: '16505553333', userId: 'US.111', username: '@ann', name: 'Ann B' });
  });

  it('keeps a BSUID-only contact, and merges it with the wa_id contact once a message links both', async () => {
    await deliver(textMessagePayload(channel, { wamid: wamid(), userId: 'US.222', username: '@bo', timestamp: 1_800_000_000 }));
    const bsuidOnly = await db.prisma.contact.findFirstOrThrow({ where: { workspaceId: channel.workspaceId, userId: 'US.222' } });
    expect(bsuidOnly.waId).toBeNull();
    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505554444', timestamp: 1_800_000_050 }));
    expect(await db.prisma.contact.count({ where: { workspaceId: channel.workspaceId } })).toBe(2);

    await deliver(textMessagePayload(channel, { wamid: wamid(), from: '16505554444', userId: 'US.222', timestamp: 1_800_000_100 }));
    const contacts = await db.prisma.contact.findMany({ where: { workspaceId: channel.workspaceId } });
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ id: bsuidOnly.id, waId: '16505554444', userId: 'US.222', username: '@bo' });
    const conversations = await db.prisma.conversation.findMany({ where: { channelId: channel.channelId } });
    expect(conversations).toHaveLength(1);
    expect(await db.prisma.message.count({ where: { conversationId: conversations[0]!.id, contactId: bsuidOnly.id } })).toBe(3);
    expect(conversations[0]!.windowExpiresAt?.toISOString()).toBe(new Date((1_800_000_100 + 86_400) * 1000).toISOString());
    expect(await db.prisma.auditLog.count({ where: { workspaceId: channel.workspaceId, action: 'contact.merged' } })).toBe(1);
  });

  it('creates one contact when two webhooks for a new user race', async () => {
    const payloads = [1, 2, 3, 4].map((i) => textMessagePayload(channel, { wamid: wamid(), from: '16505555555', userId: 'US.555', timestamp: 1_800_000_000 + i }));
    const ids = await Promise.all(payloads.map((p) => store(p)));
    await Promise.all(ids.map((id) => processInboundWebhook(deps, { inboundWebhookId: id })));
    expect(await db.prisma.contact.count({ where: { workspaceId: channel.workspaceId } })).toBe(1);
    expect(await db.prisma.conversation.count({ where: { channelId: channel.channelId } })).toBe(1);
    expect(await db.prisma.message.count({ where: { channelId: channel.channelId } })).toBe(4);
  });
});

// Each status test runs on the transaction path and on the pg one-statement path; the latter gets a
// Prisma client that throws on any use, so it must never fall back to the transaction.
const noPrisma = new Proxy({}, {
  get: (_, key) => {
    throw new Error(`the transaction path ran (prisma.${String(key)})`);
  },
}) as PrismaClient;

describe.each(['transaction', 'pg'] as const)('statuses (%s path)', (path) => {
  beforeEach(() => {
    if (path === 'pg') deps = { ...deps, prisma: noPrisma, sql: pool };
  });

  it('ends at read whatever the arrival order, records every status once (golden 15)', async () => {
    const id = wamid();
    const message = await outboundMessage({ wamid: id, status: 'sending' });
    for (const s of [
      { status: 'read', timestamp: 103 },
      { status: 'delivered', timestamp: 102 },
      { status: 'sent', timestamp: 101 },
      { status: 'read', timestamp: 103 },
    ] as const) {
      await deliver(statusPayload(channel, [{ wamid: id, ...s }]));
    }
    const after = await db.prisma.message.findUniqueOrThrow({ where: { id: message.id }, include: { events: { orderBy: { at: 'asc' } } } });
    expect(after.status).toBe('read');
    expect(after.events.map((e) => [e.status, e.at.getTime() / 1000, e.source])).toEqual([
      ['sent', 101, 'meta'],
      ['delivered', 102, 'meta'],
      ['read', 103, 'meta'],
    ]);
    expect(after.sentAt?.getTime()).toBe(101_000);
    expect(after.deliveredAt?.getTime()).toBe(102_000);
    expect(after.readAt?.getTime()).toBe(103_000);
    const sent = after.events[0]!;
    expect(sent.pricing).toMatchObject({ billable: false, pricingModel: 'PMP', category: 'service' });
    expect(sent.conversationMeta).toMatchObject({ id: 'conv-1', originType: 'service' });
    expect(sent.metaPayload).toMatchObject({ id, status: 'sent', timestamp: '101' });
    expect(sent.traceId).toBe('a'.repeat(32));
  });

  it('matches a status by biz_opaque_callback_data when the wamid is not stored yet (ambiguous send)', async () => {
    const message = await outboundMessage({ status: 'sending' });
    const id = wamid();
    const result = await deliver(statusPayload(channel, [{ wamid: id, status: 'sent', timestamp: 200, bizOpaqueCallbackData: message.id }]));
    expect(result.counts).toEqual({ status_applied: 1 });
    const after = await db.prisma.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(after).toMatchObject({ wamid: id, status: 'sent' });
  });

  it('stores Meta’s error code on failed', async () => {
    const id = wamid();
    const message = await outboundMessage({ wamid: id, status: 'sent' });
    await deliver(statusPayload(channel, [{ wamid: id, status: 'failed', timestamp: 300, errorCode: 131047 }]));
    const after = await db.prisma.message.findUniqueOrThrow({ where: { id: message.id }, include: { events: true } });
    expect(after).toMatchObject({ status: 'failed', errorCode: 131047 });
    expect(after.lastError).toMatchObject({ code: 131047 });
    expect(after.events[0]).toMatchObject({ status: 'failed', errorCode: 131047 });
  });

  it('audit-logs a status that matches no message of the channel', async () => {
    const result = await deliver(statusPayload(channel, [{ wamid: 'wamid.UNKNOWN', status: 'delivered', timestamp: 400 }]));
    expect(result.counts).toEqual({ status_unmatched: 1 });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { workspaceId: channel.workspaceId, action: 'meta_status.unmatched' } });
    expect(audit.targetId).toBe('wamid.UNKNOWN');
  });

  it('does not match another channel’s message by its id', async () => {
    const message = await outboundMessage({ status: 'sending' });
    const other = await createTestChannel(db.prisma, box);
    const result = await processInboundWebhook(deps, {
      inboundWebhookId: await store(statusPayload(other, [{ wamid: wamid(), status: 'sent', timestamp: 1, bizOpaqueCallbackData: message.id }]), other),
    });
    expect(result.counts).toEqual({ status_unmatched: 1 });
    expect((await db.prisma.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe('sending');
  });
});

describe('sweep', () => {
  it('processes stored rows that were never enqueued', async () => {
    const id = wamid();
    const webhookId = await store(textMessagePayload(channel, { wamid: id, from: '16505556666', timestamp: 1_800_000_000 }));
    const results = await sweepInboundWebhooks(deps, { olderThanMs: 0, limit: 1000 });
    expect(results.some((r) => r.status === 'processed')).toBe(true);
    expect(await db.prisma.message.count({ where: { wamid: id } })).toBe(1);
    expect((await db.prisma.inboundWebhook.findUniqueOrThrow({ where: { id: webhookId } })).processedAt).not.toBeNull();
  });

  it('marks an undecryptable row processed with an audit entry instead of retrying it forever', async () => {
    const row = await db.prisma.inboundWebhook.create({
      data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: 'v1.k9.AAAA.AAAA.AAAA', signatureValid: true },
    });
    expect((await processInboundWebhook(deps, { inboundWebhookId: row.id })).status).toBe('unreadable');
    expect(await db.prisma.auditLog.count({ where: { targetId: row.id, action: 'inbound_webhook.unreadable' } })).toBe(1);
  });
});
