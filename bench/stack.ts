// The whole stack for the pipeline benchmarks: the built api, worker and
// sandbox as real processes on the bench database and Redis database that
// scripts/bench.mjs chose (DATABASE_URL, REDIS_URL), plus fixtures made
// straight in Postgres: workspaces with API keys, channels at 1,000 msg/s,
// contacts whose 24 h window is open, flow bots.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ALL_API_KEY_SCOPES,
  createPrismaClient,
  createSecretBox,
  DEV_ENCRYPTION_KEY,
  ensureDatabase,
  generateApiKey,
  hashVerifyToken,
  migrateDatabase,
  type Prisma,
  type PrismaClient,
} from '@switchboard/db';
import { Redis } from 'ioredis';
import { epochMs, sleep } from './open-loop';
import { startProcess, type Running } from './processes';

export const SANDBOX_PORT = 3931;
export const API_PORT = 3932;
export const WORKER_PORT = 3933;
export const sandboxBase = `http://127.0.0.1:${SANDBOX_PORT}`;
export const apiBase = `http://127.0.0.1:${API_PORT}`;
export const PROFILE_DIR = resolve(import.meta.dirname, '../run/profiles');

export interface BenchChannel {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface BenchWorkspace {
  id: string;
  apiKey: string;
  channels: BenchChannel[];
  /** wa_ids with a contact and an open conversation on every channel. */
  recipients: string[];
}

export interface NumberOptions {
  /** Status webhooks to the api (`sent` and `delivered` at 0 ms, no automatic `read`); off when false. */
  statusWebhooks: boolean;
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Migrates the bench database, empties it and Redis db, starts the sandbox; api and worker on demand. */
export async function startStack() {
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_bench';
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/14';
  const encryptionKey = process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY;
  await ensureDatabase(databaseUrl);
  await migrateDatabase(databaseUrl, { quiet: true });
  const prisma: PrismaClient = createPrismaClient(databaseUrl, { maxConnections: 4 });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  const box = createSecretBox(encryptionKey);
  await truncateAll(prisma);
  await redis.flushdb();

  const common = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: 'warn' };
  const sandbox = await startProcess(['apps/sandbox/dist/main.js'], { SANDBOX_PORT: String(SANDBOX_PORT), SANDBOX_PUBLIC_URL: sandboxBase, LOG_LEVEL: 'warn' }, `${sandboxBase}/healthz`);
  let api: Running | undefined;
  let workers: Running[] = [];
  let fixtureSeq = 0;

  const profileArgs = (name: string, profile: boolean) => {
    if (!profile) return [];
    mkdirSync(PROFILE_DIR, { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
  };

  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${sandboxBase}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const stack = {
    prisma,
    redis,
    control,

    /** (Re)starts the api; `profile` writes a V8 CPU profile to run/profiles when it stops. */
    async startApi(options: { profile?: boolean } = {}) {
      await api?.stop();
      api = await startProcess(
        [...profileArgs('api', options.profile ?? false), 'apps/api/dist/main.js'],
        { ...common, API_PORT: String(API_PORT), API_RATE_LIMIT_PER_MINUTE: '1000000' },
        `${apiBase}/readyz`,
      );
    },
    /** CPU seconds the running api process has used. */
    apiCpuSeconds: () => api?.cpuSeconds() ?? Number.NaN,
    async stopApi() {
      await api?.stop();
      api = undefined;
    },

    /** Starts `count` worker processes (the first on WORKER_PORT). */
    async startWorkers(count = 1, options: { profile?: boolean; env?: Record<string, string> } = {}) {
      await stack.stopWorkers();
      for (let i = 0; i < count; i += 1) {
        workers.push(
          await startProcess(
            [...profileArgs(`worker${i}`, options.profile ?? false), 'apps/worker/dist/main.js'],
            { ...common, WORKER_PORT: String(WORKER_PORT + i * 10), WHATSAPP_GRAPH_URL: sandboxBase, ...options.env },
            `http://127.0.0.1:${WORKER_PORT + i * 10}/readyz`,
          ),
        );
      }
    },
    async stopWorkers() {
      await Promise.all(workers.map((w) => w.stop()));
      workers = [];
    },

    /** A workspace with an API key (every scope), `channels` numbers at 1,000 msg/s and `recipients` open conversations on each. */
    async workspace(label: string, channelCount: number, recipientCount: number): Promise<BenchWorkspace> {
      fixtureSeq += 1;
      const tag = String(fixtureSeq).padStart(2, '0');
      const workspace = await prisma.workspace.create({ data: { name: `bench ${label}`, slug: `bench-${label}-${Date.now()}` } });
      const key = generateApiKey();
      await prisma.apiKey.create({ data: { workspaceId: workspace.id, name: 'bench', prefix: key.prefix, hash: key.hash, scopes: [...ALL_API_KEY_SCOPES] } });
      const channels: BenchChannel[] = [];
      for (let c = 0; c < channelCount; c += 1) {
        const phoneNumberId = `19${tag}${String(c).padStart(11, '0')}`;
        const secrets = { accessToken: `token-${phoneNumberId}`, appSecret: `secret-${phoneNumberId}`, verifyToken: `verify-${phoneNumberId}` };
        const channel = await prisma.channel.create({
          data: {
            workspaceId: workspace.id, kind: 'sandbox', phoneNumberId, wabaId: `29${tag}0000000001`, displayPhoneNumber: `1555${tag}${String(c).padStart(5, '0')}`,
            throughputMps: 1000,
            accessTokenEnc: box.encrypt(secrets.accessToken), appSecretEnc: box.encrypt(secrets.appSecret),
            verifyTokenEnc: box.encrypt(secrets.verifyToken), verifyTokenHash: hashVerifyToken(secrets.verifyToken),
          },
        });
        channels.push({ id: channel.id, phoneNumberId, wabaId: `29${tag}0000000001`, ...secrets });
      }
      const recipients = Array.from({ length: recipientCount }, (_, i) => `1${tag}${String(i).padStart(8, '0')}`);
      if (recipientCount > 0) {
        await prisma.$executeRaw`
          INSERT INTO contacts (id, workspace_id, wa_id, created_at, updated_at)
          SELECT gen_random_uuid(), ${workspace.id}::uuid, w, now(), now() FROM unnest(${recipients}::text[]) AS w`;
        await prisma.$executeRaw`
          INSERT INTO conversations (id, workspace_id, channel_id, contact_id, window_expires_at, last_inbound_at, created_at, updated_at)
          SELECT gen_random_uuid(), ${workspace.id}::uuid, ch, c.id, now() + interval '1 day', now(), now(), now()
          FROM contacts c, unnest(${channels.map((ch) => ch.id)}::uuid[]) AS ch WHERE c.workspace_id = ${workspace.id}::uuid`;
      }
      return { id: workspace.id, apiKey: key.key, channels, recipients };
    },

    /** A flow bot on `channel` running `document` as its published version. */
    async flowBot(workspaceId: string, channelId: string, document: unknown, settings: Prisma.InputJsonObject) {
      const bot = await prisma.bot.create({ data: { workspaceId, channelId, name: 'bench bot', mode: 'flow', settings } });
      const flow = await prisma.flow.create({ data: { workspaceId, botId: bot.id, name: 'bench flow', draft: document as Prisma.InputJsonObject } });
      await prisma.flowVersion.create({ data: { workspaceId, flowId: flow.id, version: 1, document: document as Prisma.InputJsonObject } });
      await prisma.bot.update({ where: { id: bot.id }, data: { activeFlowId: flow.id } });
    },

    /** Registers (or re-registers) the channel's number with the sandbox: no pair rate, no window, 1,000 msg/s. */
    async registerNumber(channel: BenchChannel, options: NumberOptions & { webhookUrl?: string }) {
      await control('PUT', `/_sandbox/numbers/${channel.phoneNumberId}`, {
        display_phone_number: '15550000000', waba_id: channel.wabaId, access_token: channel.accessToken, app_secret: channel.appSecret,
        throughput_mps: 1000, pair_rate: null, enforce_service_window: false,
        status_delays_ms: { sent: 0, delivered: 0, read: null },
        ...(options.statusWebhooks
          ? { webhook_url: options.webhookUrl ?? `${apiBase}/api/webhooks/whatsapp`, verify_token: channel.verifyToken }
          : { webhook_url: null }),
      });
    },

    /** Every ledger entry (oldest first), then empties the ledger. */
    async takeLedger(): Promise<LedgerEntry[]> {
      const body = (await control('GET', '/_sandbox/ledger')) as { data: LedgerEntry[] };
      await control('DELETE', '/_sandbox/ledger');
      return body.data;
    },
    async ledgerCount(): Promise<number> {
      return ((await control('GET', '/_sandbox/stats')) as { ledger_entries: number }).ledger_entries;
    },

    /** Waits until the sandbox ledger holds `expected` entries, or nothing moved for `idleMs`; returns the count. */
    async waitForLedger(expected: number, idleMs = 5000, maxMs = 60_000): Promise<number> {
      const started = epochMs();
      let last = -1;
      let lastChange = started;
      for (;;) {
        const count = await stack.ledgerCount();
        if (count >= expected) return count;
        const now = epochMs();
        if (count !== last) {
          last = count;
          lastChange = now;
        } else if (now - lastChange > idleMs || now - started > maxMs) return count;
        await sleep(200);
      }
    },

    /** Empties messages and everything hanging off them, and the Redis db (between scenarios, workers stopped). */
    async resetMessages() {
      await prisma.$executeRawUnsafe(
        'TRUNCATE messages, message_events, outbox_entries, inbound_webhooks, bot_turn_inputs, bot_pending_replies, flow_sessions CASCADE',
      );
      await redis.flushdb();
      await control('DELETE', '/_sandbox/ledger');
    },

    async stop() {
      await stack.stopWorkers();
      await stack.stopApi();
      await sandbox.stop();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
  return stack;
}

export interface LedgerEntry {
  wamid: string;
  phone_number_id: string;
  to: string;
  type: string;
  body: Record<string, unknown>;
  biz_opaque_callback_data: string | null;
  accepted_at_ms: number;
}

async function truncateAll(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} CASCADE`);
}
