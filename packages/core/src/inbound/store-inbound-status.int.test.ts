// The status hot path against a real Postgres: a webhook with one status
// applied by one statement on a pg pool (storeInboundStatus) must leave the
// same rows as the Prisma transaction path. The pg runs get a Prisma client
// that throws on any use, so a fallback to the transaction path fails them.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type PrismaClient, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestChannel, statusPayload, type StatusSpec, type TestChannel } from './inbound-test-fixtures';
import { processInboundWebhook, type InboundProcessorDeps } from './process-inbound-webhook';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const logger = createLogger({ service: 'test', level: 'silent' });
const noPrisma = new Proxy({}, {
  get: (_, key) => {
    throw new Error(`the transaction path ran (prisma.${String(key)})`);
  },
}) as PrismaClient;

let db: TestDatabase;
let pool: pg.Pool;
let channel: TestChannel;

beforeAll(async () => {
  db = await createTestDatabase('core_inbound_status');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // connections end when the test database is dropped
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(async () => {
  channel = await createTestChannel(db.prisma, box);
});

type Path = 'transaction' | 'pg';
const depsFor = (path: Path): InboundProcessorDeps =>
  path === 'pg' ? { prisma: noPrisma, secretBox: box, logger, sql: pool } : { prisma: db.prisma, secretBox: box, logger };

let n = 0;
const newWamid = () => `wamid.STATUS${Date.now()}${(n += 1)}`;

async function store(payload: unknown): Promise<string> {
  const row = await db.prisma.inboundWebhook.create({
    data: { channelId: channel.channelId, phoneNumberId: channel.phoneNumberId, rawBodyEnc: box.encrypt(JSON.stringify(payload)), signatureValid: true },
  });
  return row.id;
}

interface Scenario {
  /** The outbound message's status before the webhooks; none: no message has the wamid. */
  message?: 'sending' | 'sent';
  /** One webhook per entry; `again` delivers the previous stored webhook once more. */
  webhooks: (Omit<StatusSpec, 'wamid'> | 'again')[];
}

/** Runs a scenario on one path and returns what it left, with the ids and the wamid taken out. */
async function run(path: Path, scenario: Scenario) {
  const wamid = newWamid();
  const message = scenario.message
    ? await db.prisma.message.create({
        data: {
          workspaceId: channel.workspaceId, channelId: channel.channelId, direction: 'outbound', type: 'text',
          contentEnc: box.encryptJson({ text: { body: 'hello' } }), status: scenario.message, wamid, source: 'api', traceId: 'b'.repeat(32),
        },
      })
    : null;
  const results = [];
  const webhookIds: string[] = [];
  for (const webhook of scenario.webhooks) {
    const id = webhook === 'again' ? webhookIds.at(-1)! : await store(statusPayload(channel, [{ wamid, ...webhook }]));
    webhookIds.push(id);
    const result = await processInboundWebhook(depsFor(path), { inboundWebhookId: id });
    results.push([result.status, result.counts, typeof result.lagMs]);
  }
  const webhooks = await db.prisma.inboundWebhook.findMany({ where: { id: { in: webhookIds } } });
  const withoutWamid = (value: unknown) => JSON.parse(JSON.stringify(value ?? null).replaceAll(wamid, 'WAMID')) as unknown;
  const stored = message ? await db.prisma.message.findUniqueOrThrow({ where: { id: message.id }, include: { events: { orderBy: { at: 'asc' } } } }) : null;
  const outbox = message
    ? await db.prisma.outboxEntry.findMany({ where: { topic: 'customer_event', payload: { path: ['messageId'], equals: message.id } }, orderBy: { createdAt: 'asc' } })
    : [];
  const audits = await db.prisma.auditLog.findMany({ where: { workspaceId: channel.workspaceId, targetId: wamid } });
  return {
    results,
    webhooksProcessed: webhooks.map((w) => w.processedAt !== null),
    message: stored && {
      status: stored.status, wamid: stored.wamid === wamid, sentAt: stored.sentAt, deliveredAt: stored.deliveredAt, readAt: stored.readAt,
      failedAt: stored.failedAt, errorCode: stored.errorCode, lastError: stored.lastError,
    },
    events: stored?.events.map((e) => ({
      status: e.status, at: e.at, source: e.source, errorCode: e.errorCode, error: e.error, pricing: e.pricing,
      conversationMeta: e.conversationMeta, metaPayload: withoutWamid(e.metaPayload), traceId: e.traceId,
    })),
    customerEvents: outbox.map((e) => {
      const { messageId, workspaceId, ...rest } = e.payload as Record<string, unknown>;
      return { ...rest, ours: messageId === message?.id && workspaceId === channel.workspaceId };
    }),
    audits: audits.map((a) => ({ action: a.action, targetType: a.targetType, data: withoutWamid(a.data) })),
  };
}

/** Both paths leave the same rows; the pg one is returned for the scenario's own expectations. */
async function samePaths(scenario: Scenario) {
  const viaTransaction = await run('transaction', scenario);
  const viaPg = await run('pg', scenario);
  expect(viaPg).toEqual(viaTransaction);
  return viaPg;
}

describe('status webhooks on the pg path', () => {
  it('sent: moves the message, stores pricing and conversation on the event, and writes one customer event', async () => {
    const got = await samePaths({ message: 'sending', webhooks: [{ status: 'sent', timestamp: 101 }] });
    expect(got.results).toEqual([['processed', { status_applied: 1 }, 'number']]);
    expect(got.message).toMatchObject({ status: 'sent', sentAt: new Date(101_000) });
    expect(got.events).toMatchObject([{ status: 'sent', source: 'meta', traceId: 'b'.repeat(32), pricing: { billable: false }, conversationMeta: { id: 'conv-1' } }]);
    expect(got.customerEvents).toEqual([{ type: 'message.status', from: 'sending', to: 'sent', at: new Date(101_000).toISOString(), ours: true }]);
    expect(got.webhooksProcessed).toEqual([true]);
  });

  it('delivered after sent', async () => {
    const got = await samePaths({ message: 'sent', webhooks: [{ status: 'delivered', timestamp: 102 }] });
    expect(got.results).toEqual([['processed', { status_applied: 1 }, 'number']]);
    expect(got.message).toMatchObject({ status: 'delivered', deliveredAt: new Date(102_000) });
    expect(got.customerEvents).toMatchObject([{ from: 'sent', to: 'delivered' }]);
  });

  it('delivered before sent: the late sent only records its time and event', async () => {
    const got = await samePaths({ message: 'sending', webhooks: [{ status: 'delivered', timestamp: 102 }, { status: 'sent', timestamp: 101 }] });
    expect(got.results.map((r) => r[1])).toEqual([{ status_applied: 1 }, { status_recorded: 1 }]);
    expect(got.message).toMatchObject({ status: 'delivered', sentAt: new Date(101_000), deliveredAt: new Date(102_000) });
    expect(got.events?.map((e) => e.status)).toEqual(['sent', 'delivered']);
    expect(got.customerEvents).toMatchObject([{ from: 'sending', to: 'delivered' }]);
  });

  it('failed: stores Meta’s first error on the message and all errors on the event', async () => {
    const got = await samePaths({ message: 'sent', webhooks: [{ status: 'failed', timestamp: 300, errorCode: 131047 }] });
    expect(got.results.map((r) => r[1])).toEqual([{ status_applied: 1 }]);
    expect(got.message).toMatchObject({ status: 'failed', failedAt: new Date(300_000), errorCode: 131047, lastError: { code: 131047 } });
    expect(got.events).toMatchObject([{ status: 'failed', errorCode: 131047, error: [{ code: 131047 }] }]);
    expect(got.customerEvents).toMatchObject([{ from: 'sent', to: 'failed' }]);
  });

  it('a status Meta sends twice is recorded once', async () => {
    const got = await samePaths({ message: 'sending', webhooks: [{ status: 'sent', timestamp: 101 }, { status: 'sent', timestamp: 101 }] });
    expect(got.results.map((r) => r[1])).toEqual([{ status_applied: 1 }, { status_duplicate: 1 }]);
    expect(got.events).toHaveLength(1);
    expect(got.customerEvents).toHaveLength(1);
  });

  it('a status for an unknown wamid is audit-logged', async () => {
    const got = await samePaths({ webhooks: [{ status: 'delivered', timestamp: 400 }] });
    expect(got.results.map((r) => r[1])).toEqual([{ status_unmatched: 1 }]);
    expect(got.audits).toMatchObject([{ action: 'meta_status.unmatched', targetType: 'wamid', data: { status: 'delivered', timestamp: 400 } }]);
  });

  it('a stored webhook already processed is not applied again', async () => {
    const got = await samePaths({ message: 'sending', webhooks: [{ status: 'sent', timestamp: 101 }, 'again'] });
    expect(got.results).toEqual([['processed', { status_applied: 1 }, 'number'], ['already_processed', {}, 'undefined']]);
    expect(got.events).toHaveLength(1);
  });
});

describe('the claim', () => {
  it('applies a webhook once when the pg path and the transaction path run it at the same time', async () => {
    const wamid = newWamid();
    const message = await db.prisma.message.create({
      data: {
        workspaceId: channel.workspaceId, channelId: channel.channelId, direction: 'outbound', type: 'text',
        contentEnc: box.encryptJson({}), status: 'sending', wamid, source: 'api', traceId: 'c'.repeat(32),
      },
    });
    for (let i = 0; i < 5; i += 1) {
      const id = await store(statusPayload(channel, [{ wamid, status: 'read', timestamp: 500 + i }]));
      const results = await Promise.all([
        processInboundWebhook(depsFor('pg'), { inboundWebhookId: id }),
        processInboundWebhook(depsFor('transaction'), { inboundWebhookId: id }),
        processInboundWebhook(depsFor('pg'), { inboundWebhookId: id }),
      ]);
      expect(results.filter((r) => r.status === 'processed')).toHaveLength(1);
      expect(results.every((r) => ['processed', 'already_processed', 'busy'].includes(r.status))).toBe(true);
    }
    const events = await db.prisma.messageEvent.findMany({ where: { messageId: message.id } });
    expect(events).toHaveLength(5);
  });

  it('audit-logs an unmatched status once when several runs race for its webhook', async () => {
    const wamid = newWamid();
    for (let i = 0; i < 5; i += 1) {
      const id = await store(statusPayload(channel, [{ wamid, status: 'delivered', timestamp: 600 + i }]));
      const results = await Promise.all([0, 1, 2].map(() => processInboundWebhook(depsFor('pg'), { inboundWebhookId: id })));
      expect(results.map((r) => r.status).sort()).toEqual(['already_processed', 'already_processed', 'processed']);
    }
    expect(await db.prisma.auditLog.count({ where: { workspaceId: channel.workspaceId, targetId: wamid } })).toBe(5);
  });

  it('leaves a webhook with two statuses to the transaction path', async () => {
    const wamid = newWamid();
    const id = await store(statusPayload(channel, [{ wamid, status: 'sent', timestamp: 1 }, { wamid, status: 'delivered', timestamp: 2 }]));
    await expect(processInboundWebhook(depsFor('pg'), { inboundWebhookId: id })).rejects.toThrow('the transaction path ran');
    const result = await processInboundWebhook({ ...depsFor('pg'), prisma: db.prisma }, { inboundWebhookId: id });
    expect(result.counts).toEqual({ status_unmatched: 2 });
  });
});
