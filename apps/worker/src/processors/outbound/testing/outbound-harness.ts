// Test support for the outbound pipeline: a migrated database, the sandbox over real HTTP, real Redis
// under a unique key prefix, and the outbound processor started in-process with chosen settings.
// The status receiver applies Meta's status webhooks the way the inbound pipeline does (forward-only,
// matched by wamid or by our id echoed in biz_opaque_callback_data), so these tests do not depend on
// the inbound worker being wired.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statusesBefore } from '@switchboard/core';
import { createSecretBox, createTestDatabase, hashVerifyToken, type MessagePriority, type MessageStatus, type TestDatabase } from '@switchboard/db';
import { createLogger, createMetricsRegistry } from '@switchboard/observability';
import { createOutboundDispatcher, createOutboundScheduler } from '@switchboard/queue';
import { createSandbox, type Sandbox } from '@switchboard/sandbox';
import { parseWebhook } from '@switchboard/whatsapp';
import { Redis } from 'ioredis';
import { loadConfig } from '../../../config';
import type { WorkerContext } from '../../../worker-context';
import { relayOutbox } from '../../outbox-relay/relay-outbox';
import { loadOutboundConfig } from '../config';
import { startOutboundProcessor } from '../start-outbound-processor';

const metaStatus: Record<string, MessageStatus | undefined> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

async function startStatusReceiver(db: TestDatabase): Promise<{ url: string; server: Server; idle(): Promise<unknown> }> {
  const pending = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') {
      res.end(url.searchParams.get('hub.challenge') ?? '');
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const task = (async () => {
        for (const event of parseWebhook(JSON.parse(body)).events) {
          if (event.kind !== 'status') continue;
          const next = metaStatus[event.status];
          if (!next) continue;
          const message =
            (await db.prisma.message.findFirst({ where: { wamid: event.wamid } })) ??
            (event.bizOpaqueCallbackData ? await db.prisma.message.findUnique({ where: { id: event.bizOpaqueCallbackData } }) : null);
          if (!message) continue;
          await db.prisma.message.updateMany({ where: { id: message.id, wamid: null }, data: { wamid: event.wamid } });
          // Meta retries webhooks; the (message, status, at) index of Meta events makes a retry a no-op.
          await db.prisma.messageEvent.createMany({
            data: [{ workspaceId: message.workspaceId, messageId: message.id, status: next, at: event.date, source: 'meta', traceId: message.traceId }],
            skipDuplicates: true,
          });
          await db.prisma.message.updateMany({ where: { id: message.id, status: { in: statusesBefore(next) } }, data: { status: next } });
        }
        res.end('ok');
      })().catch(() => {
        res.statusCode = 500;
        res.end();
      });
      pending.add(task);
      void task.finally(() => pending.delete(task));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    server,
    // Handlers still writing would hold pool connections and block the database drop.
    idle: () => Promise.allSettled([...pending]),
  };
}

export interface ChannelOptions {
  throughputMps?: number;
  pairRate?: { burst: number; interval_ms: number } | null;
  enforceServiceWindow?: boolean;
  statusWebhooks?: boolean;
  statusDelaysMs?: { sent?: number; delivered?: number; read?: number | null };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Starts everything but the processor (see `startProcessor`). */
export async function startHarness(name: string, options: { redisUrl?: string } = {}) {
  const db = await createTestDatabase(name);
  const sandbox: Sandbox = createSandbox({ config: { webhookRetryScheduleMs: [100, 500, 1000, 2000, 4000, 8000] }, seed: 7 });
  const sandboxUrl = await sandbox.listen();
  const receiver = await startStatusReceiver(db);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefix = `test:{ob-${randomUUID()}}`;
  const workerConfig = loadConfig({ DATABASE_URL: db.url, WHATSAPP_GRAPH_URL: sandboxUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'silent' });
  const secretBox = createSecretBox(workerConfig.ENCRYPTION_KEY);
  const dispatcher = createOutboundDispatcher(redis, { prefix });
  const processors: { close(): Promise<void> }[] = [];
  let numberSeq = 0;

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };

  const harness = {
    db,
    prisma: db.prisma,
    redisUrl,
    sandbox,
    sandboxUrl,
    redis,
    prefix,
    dispatcher,

    /** Starts an outbound processor with these settings (env form); closed by `close()`. */
    startProcessor(env: Record<string, string> = {}) {
      const ctx: WorkerContext = {
        config: workerConfig,
        logger: createLogger({ service: 'worker-test', level: 'silent' }),
        registry: createMetricsRegistry('worker-test'),
        prisma: db.prisma,
        redis,
        secretBox,
      };
      const processor = startOutboundProcessor(ctx, loadOutboundConfig({ OUTBOUND_REDIS_PREFIX: prefix, RETRY_TIME_SCALE: '0.001', ...env }));
      processors.push(processor);
      return { ...processor, registry: ctx.registry };
    },

    async workspace(label = 'ws') {
      return db.prisma.workspace.create({ data: { name: label, slug: `${label}-${randomUUID()}` } });
    },

    /** A channel in Postgres and the same number in the sandbox. */
    async channel(workspaceId: string, options: ChannelOptions = {}) {
      numberSeq += 1;
      const phoneNumberId = `1099${Date.now() % 1_000_000}${numberSeq}`;
      const token = `token-${phoneNumberId}`;
      await control('PUT', `/_sandbox/numbers/${phoneNumberId}`, {
        display_phone_number: `1555000${numberSeq}`,
        waba_id: '200000000000001',
        access_token: token,
        app_secret: 'secret',
        throughput_mps: options.throughputMps ?? 80,
        enforce_service_window: options.enforceServiceWindow ?? false,
        ...(options.pairRate === undefined ? {} : { pair_rate: options.pairRate }),
        ...(options.statusWebhooks ? { webhook_url: receiver.url, verify_token: 'verify' } : {}),
        ...(options.statusDelaysMs ? { status_delays_ms: options.statusDelaysMs } : {}),
      });
      return db.prisma.channel.create({
        data: {
          workspaceId,
          kind: 'sandbox',
          phoneNumberId,
          wabaId: '200000000000001',
          displayPhoneNumber: `1555000${numberSeq}`,
          accessTokenEnc: secretBox.encrypt(token),
          appSecretEnc: secretBox.encrypt('secret'),
          verifyTokenEnc: secretBox.encrypt('verify'),
          verifyTokenHash: hashVerifyToken('verify'),
          throughputMps: options.throughputMps ?? 80,
        },
      });
    },

    async faults(phoneNumberId: string, profile: Record<string, number>) {
      await control('PUT', `/_sandbox/numbers/${phoneNumberId}/faults`, profile);
    },

    /** A committed `queued` message (as the API writes it), not yet dispatched. */
    async message(channel: { id: string; workspaceId: string }, waId: string, priority: MessagePriority = 'default', text = 'hello') {
      const contact = await db.prisma.contact.upsert({
        where: { workspaceId_waId: { workspaceId: channel.workspaceId, waId } },
        create: { workspaceId: channel.workspaceId, waId },
        update: {},
      });
      const traceId = randomUUID().replaceAll('-', '');
      const message = await db.prisma.message.create({
        data: {
          workspaceId: channel.workspaceId, channelId: channel.id, contactId: contact.id, direction: 'outbound', type: 'text',
          contentEnc: secretBox.encryptJson({ text: { body: text } }), status: 'queued', priority, source: 'api', traceId,
        },
      });
      await db.prisma.messageEvent.create({ data: { workspaceId: channel.workspaceId, messageId: message.id, status: 'queued', at: new Date(), source: 'api', traceId } });
      return message;
    },

    /** Many committed `queued` messages at once: (waId, priority) each. */
    async messages(channel: { id: string; workspaceId: string }, specs: { waId: string; priority?: MessagePriority }[]) {
      const waIds = [...new Set(specs.map((s) => s.waId))];
      await db.prisma.contact.createMany({ data: waIds.map((waId) => ({ workspaceId: channel.workspaceId, waId })), skipDuplicates: true });
      const contacts = await db.prisma.contact.findMany({ where: { workspaceId: channel.workspaceId, waId: { in: waIds } } });
      const byWaId = new Map(contacts.map((c) => [c.waId, c.id]));
      const traceId = randomUUID().replaceAll('-', '');
      const contentEnc = secretBox.encryptJson({ text: { body: 'hello' } });
      const created = await db.prisma.message.createManyAndReturn({
        data: specs.map((spec) => ({
          workspaceId: channel.workspaceId, channelId: channel.id, contactId: byWaId.get(spec.waId)!, direction: 'outbound' as const, type: 'text',
          contentEnc, status: 'queued' as const, priority: spec.priority ?? 'default', source: 'api' as const, traceId,
        })),
      });
      await db.prisma.messageEvent.createMany({
        data: created.map((m) => ({ workspaceId: m.workspaceId, messageId: m.id, status: 'queued' as const, at: new Date(), source: 'api' as const, traceId })),
      });
      return created;
    },

    async dispatch(messages: { id: string; workspaceId: string; channelId: string; priority: MessagePriority }[]) {
      await dispatcher.dispatchOutboundMany(messages.map((m) => ({ messageId: m.id, workspaceId: m.workspaceId, channelId: m.channelId, priority: m.priority })));
    },

    /** The sandbox ledger (accepted sends), oldest first, optionally for one of our message ids. */
    async ledger(query: { messageId?: string; phoneNumberId?: string } = {}) {
      const params = new URLSearchParams({ limit: '100000' });
      if (query.messageId) params.set('biz_opaque_callback_data', query.messageId);
      if (query.phoneNumberId) params.set('phone_number_id', query.phoneNumberId);
      const body = (await control('GET', `/_sandbox/ledger?${params}`)) as { data: { biz_opaque_callback_data: string | null; to: string }[] };
      return body.data;
    },

    async waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },

    async statuses(ids: string[]) {
      const rows = await db.prisma.message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      return new Map(rows.map((r) => [r.id, r.status]));
    },

    /** Which of these messages the scheduler holds. */
    async scheduled(ids: string[]) {
      return createOutboundScheduler(redis, { prefix }).has(ids);
    },

    /** One more relay pass with the working dispatcher. */
    async relayedAgain() {
      return relayOutbox({ prisma: db.prisma, dispatcher, graceMs: 0 });
    },

    async stopProcessors() {
      await Promise.all(processors.splice(0).map((p) => p.close()));
    },

    async close() {
      await harness.stopProcessors();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await sandbox.close();
      receiver.server.closeAllConnections();
      await new Promise((r) => receiver.server.close(r));
      await receiver.idle();
      await db.drop();
    },
  };
  return harness;
}
