// Fault-test support: the whole stack as real processes — the api, worker processes, the sandbox —
// on a test database and a scratch Redis with AOF, so faults (SIGKILL, SIGTERM, a Redis crash,
// killed Postgres connections) hit the same code that runs in production. Statuses travel the real
// way: sandbox → signed webhook → api /api/webhooks/whatsapp → inbound worker → message state machine.
import { randomBytes } from 'node:crypto';
import { ALL_API_KEY_SCOPES, createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, generateApiKey, hashVerifyToken, type TestDatabase } from '@switchboard/db';
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Worker settings that shrink time so a fault test settles in seconds (each can be overridden). */
export const FAST_WORKER_ENV: Record<string, string> = {
  OUTBOUND_CONCURRENCY: '20',
  OUTBOUND_SEND_TIMEOUT_MS: '2000',
  // Lease = 3 s: a killed worker's messages come back quickly.
  OUTBOUND_LEASE_EXTRA_MS: '1000',
  RETRY_TIME_SCALE: '0.01',
  // 1,000 s × 0.01 = 10 s for the status webhook of an ambiguous send to come back through the api and
  // the inbound worker before it is resent (flagged). Under load that path lags by seconds.
  OUTBOUND_AMBIGUOUS_WAIT_MS: '1000000',
  OUTBOX_RELAY_INTERVAL_MS: '500',
  OUTBOX_RELAY_GRACE_MS: '500',
  OUTBOUND_SWEEP_INTERVAL_MS: '2000',
  OUTBOUND_SWEEP_GRACE_MS: '5000',
};

export interface StackTenant {
  workspaceId: string;
  channelId: string;
  phoneNumberId: string;
  apiKey: string;
}

export interface TenantOptions {
  /** The channel's tier in Postgres and in the sandbox (we pace at 85 % of it). */
  throughputMps?: number;
  /** Sandbox latency of every Graph call, so faults land while calls are in flight. */
  latencyMs?: number;
  jitterMs?: number;
  /** Sandbox status delays; `read: null` ends a message at `delivered`. */
  statusDelaysMs?: { sent?: number; delivered?: number; read?: number | null };
}

export type FullStack = Awaited<ReturnType<typeof startFullStack>>;

/** Starts the sandbox, the api and `workers` worker processes (more with `startWorker`). */
export async function startFullStack(name: string, options: { workers?: number; workerEnv?: Record<string, string> } = {}) {
  const db: TestDatabase = await createTestDatabase(name);
  const redis: ScratchRedis = await startScratchRedis(['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction']);
  const [apiPort, sandboxPort] = [await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY };
  // A long retry schedule (about 30 s in all): a webhook refused during a fault is retried past it.
  const sandbox = await spawnApp(
    'apps/sandbox/src/main.ts',
    { SANDBOX_PORT: String(sandboxPort), SANDBOX_WEBHOOK_RETRY_MS: '200,500,1000,2000,4000,8000,15000' },
    `${sandboxBase}/healthz`,
  );
  const api = await spawnApp('apps/api/src/main.ts', { ...env, API_PORT: String(apiPort), API_RATE_LIMIT_PER_MINUTE: '1000000' }, `${apiBase}/healthz`);
  const workers: RunningApp[] = [];
  const exited: RunningApp[] = [];
  const workerPorts = new Map<RunningApp, number>();
  const workerEnv = { ...env, WHATSAPP_GRAPH_URL: sandboxBase, ...FAST_WORKER_ENV, ...options.workerEnv };

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxBase}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  const stack = {
    db,
    prisma: db.prisma,
    redis,
    apiBase,
    sandboxBase,
    api,
    sandbox,
    /** Live worker processes, oldest first. */
    workers,

    /** Starts one more worker process (its own ops port) and waits for /healthz. */
    async startWorker(): Promise<RunningApp> {
      const port = await freePort();
      const worker = await spawnApp('apps/worker/src/main.ts', { ...workerEnv, WORKER_PORT: String(port) }, `http://127.0.0.1:${port}/healthz`);
      workers.push(worker);
      workerPorts.set(worker, port);
      return worker;
    },

    /** A worker's Prometheus metric value (summed over label sets), e.g. `outbound_in_flight`. */
    async workerMetric(worker: RunningApp, name: string): Promise<number> {
      const text = await (await fetch(`http://127.0.0.1:${workerPorts.get(worker)}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`).exec(line);
        if (match) total += Number(match[1]);
      }
      return total;
    },

    /** Signals a worker and waits for it to exit; returns its exit code (null when killed by a signal). */
    async signalWorker(worker: RunningApp, signal: 'SIGKILL' | 'SIGTERM'): Promise<number | null> {
      const index = workers.indexOf(worker);
      if (index >= 0) workers.splice(index, 1);
      exited.push(worker);
      if (worker.process.exitCode !== null || worker.process.signalCode !== null) return worker.process.exitCode;
      const gone = new Promise<number | null>((r) => worker.process.once('exit', (code) => r(code)));
      worker.process.kill(signal);
      return gone;
    },

    /** kill -9 Redis, leave it down for `downMs`, restart it on the same port and AOF directory. */
    async crashRedis(downMs = 500) {
      await redis.kill();
      await sleep(downMs);
      await redis.restart();
    },

    /** Terminates every Postgres backend of the test database except the one asking; returns how many. */
    async killPostgresConnections(): Promise<number> {
      const rows = await db.prisma.$queryRawUnsafe<{ killed: bigint }[]>(
        'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS killed FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        db.name,
      );
      return Number(rows[0]?.killed ?? 0);
    },

    /** Deadlocks Postgres detected in the test database so far (pg_stat_database; flushed within about a second). */
    async deadlocks(): Promise<number> {
      const rows = await db.prisma.$queryRawUnsafe<{ deadlocks: number }[]>('SELECT deadlocks::int AS deadlocks FROM pg_stat_database WHERE datname = $1', db.name);
      return rows[0]?.deadlocks ?? 0;
    },

    /** A workspace with an API key (every scope) and a sandbox channel whose webhooks go to the api. */
    async tenant(o: TenantOptions = {}): Promise<StackTenant> {
      const suffix = randomBytes(4).readUInt32BE(0).toString().padStart(10, '0');
      const phoneNumberId = `1088${suffix}`;
      const wabaId = `2088${suffix}`;
      const secrets = { accessToken: `token-${suffix}`, appSecret: `secret-${suffix}`, verifyToken: `verify-${suffix}` };
      const mps = o.throughputMps ?? 80;
      const workspace = await db.prisma.workspace.create({ data: { name: `fault ${suffix}`, slug: `fault-${suffix}` } });
      const channel = await db.prisma.channel.create({
        data: {
          workspaceId: workspace.id, kind: 'sandbox', phoneNumberId, wabaId, displayPhoneNumber: `1555${suffix.slice(0, 7)}`,
          accessTokenEnc: box.encrypt(secrets.accessToken), appSecretEnc: box.encrypt(secrets.appSecret),
          verifyTokenEnc: box.encrypt(secrets.verifyToken), verifyTokenHash: hashVerifyToken(secrets.verifyToken), throughputMps: mps,
        },
      });
      const key = generateApiKey();
      await db.prisma.apiKey.create({ data: { workspaceId: workspace.id, name: 'fault test', prefix: key.prefix, hash: key.hash, scopes: [...ALL_API_KEY_SCOPES] } });
      // The sandbox does Meta's GET handshake against the api when the webhook URL is set.
      await control('PUT', `/_sandbox/numbers/${phoneNumberId}`, {
        display_phone_number: `1555${suffix.slice(0, 7)}`, waba_id: wabaId, access_token: secrets.accessToken, app_secret: secrets.appSecret,
        webhook_url: `${apiBase}/api/webhooks/whatsapp`, verify_token: secrets.verifyToken, throughput_mps: mps,
        ...(o.statusDelaysMs ? { status_delays_ms: o.statusDelaysMs } : {}),
      });
      if (o.latencyMs !== undefined) await control('PUT', `/_sandbox/numbers/${phoneNumberId}/faults`, { latency_ms: o.latencyMs, jitter_ms: o.jitterMs ?? 0 });
      return { workspaceId: workspace.id, channelId: channel.id, phoneNumberId, apiKey: key.key };
    },

    /** Every send the sandbox accepted for this number: our message id (biz_opaque_callback_data) → count. */
    async ledgerCounts(phoneNumberId: string): Promise<Map<string, number>> {
      const body = (await control('GET', `/_sandbox/ledger?phone_number_id=${phoneNumberId}&limit=1000000`)) as { data: { biz_opaque_callback_data: string | null }[] };
      const counts = new Map<string, number>();
      for (const entry of body.data) {
        if (entry.biz_opaque_callback_data) counts.set(entry.biz_opaque_callback_data, (counts.get(entry.biz_opaque_callback_data) ?? 0) + 1);
      }
      return counts;
    },

    async ledgerSize(phoneNumberId: string): Promise<number> {
      const body = (await control('GET', `/_sandbox/ledger?phone_number_id=${phoneNumberId}&limit=0`)) as { total: number };
      return body.total;
    },

    /** The sandbox's webhook and status counters (delivered, failed attempts, retries, given up). */
    async sandboxStats(): Promise<{ webhooks: Record<string, number>; statuses: Record<string, number> }> {
      return (await control('GET', '/_sandbox/stats')) as { webhooks: Record<string, number>; statuses: Record<string, number> };
    },

    /** The last lines every process printed, for failure messages. */
    output(chars = 8000): string {
      return [['sandbox', sandbox], ['api', api], ...[...exited, ...workers].map((w, i) => [`worker ${i}`, w] as const)]
        .map(([label, app]) => `--- ${label as string}\n${(app as RunningApp).output().slice(-chars)}`)
        .join('\n');
    },

    async stop() {
      await Promise.all([...workers.splice(0).map((w) => w.stop()), api.stop(), sandbox.stop()]);
      await redis.stop();
      await db.drop();
    },
  };
  for (let i = 0; i < (options.workers ?? 2); i += 1) await stack.startWorker();
  return stack;
}
