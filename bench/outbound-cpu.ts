// CPU per operation of the outbound hot paths: how many milliseconds of api,
// worker and Postgres CPU one message costs on each leg. CPU per operation
// moves far less than throughput when the shared 2-core box is busy, so this
// is the figure to compare before and after a change (docs/performance.md).
//
//   npm run build -w @switchboard/api -w @switchboard/worker -w @switchboard/sandbox
//   node --import tsx bench/outbound-cpu.ts [ingest|send|lifecycle ...]
//
// Own database (switchboard_bench_cpu), Redis db 11 and ports 3961–3963 unless
// DATABASE_URL / REDIS_URL / CPU_PROBE_PORT say otherwise, so it can run beside
// `npm run bench`. Ingest: api only, 32 connections closed loop, N POSTs after
// a warm-up. Send: api + one worker + sandbox (status webhooks off): N POSTs at
// a fixed rate, CPU counted until the sandbox has accepted all of them.
// Lifecycle: the same with status webhooks on (`sent`, `delivered`), counted
// until every message is `delivered`.
import { loadavg } from 'node:os';
import {
  ALL_API_KEY_SCOPES,
  createPrismaClient,
  createSecretBox,
  DEV_ENCRYPTION_KEY,
  ensureDatabase,
  generateApiKey,
  hashVerifyToken,
  migrateDatabase,
} from '@switchboard/db';
import { Redis } from 'ioredis';
import { load } from './load';
import { openLoop, round, sleep } from './open-loop';
import { cpuSecondsOfCommand, startProcess, type Running } from './processes';

const databaseUrl = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/switchboard_bench_cpu';
const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379/11';
const encryptionKey = process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY;
const basePort = Number(process.env['CPU_PROBE_PORT'] ?? 3961);
const count = Number(process.env['CPU_PROBE_COUNT'] ?? 8000);
const sections = process.argv.slice(2).length ? process.argv.slice(2) : ['ingest', 'send', 'lifecycle'];
const sandboxBase = `http://127.0.0.1:${basePort}`;
const apiBase = `http://127.0.0.1:${basePort + 1}`;
const workerPort = basePort + 2;

await ensureDatabase(databaseUrl);
await migrateDatabase(databaseUrl, { quiet: true });
const prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
const box = createSecretBox(encryptionKey);
await prisma.$executeRawUnsafe('TRUNCATE workspaces, outbox_entries, inbound_webhooks CASCADE');
await redis.flushdb();

const common = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: 'warn' };
const sandbox = await startProcess(['apps/sandbox/dist/main.js'], { SANDBOX_PORT: String(basePort), SANDBOX_PUBLIC_URL: sandboxBase }, `${sandboxBase}/healthz`);

// One workspace, three numbers at 1,000 msg/s, 5,000 recipients with an open window on each.
const workspace = await prisma.workspace.create({ data: { name: 'cpu probe', slug: `cpu-probe-${Date.now()}` } });
const key = generateApiKey();
await prisma.apiKey.create({ data: { workspaceId: workspace.id, name: 'probe', prefix: key.prefix, hash: key.hash, scopes: [...ALL_API_KEY_SCOPES] } });
const channels: { id: string; phoneNumberId: string; secrets: Record<string, string> }[] = [];
for (let c = 0; c < 3; c += 1) {
  const phoneNumberId = `1961${String(c).padStart(11, '0')}`;
  const secrets = { accessToken: `token-${phoneNumberId}`, appSecret: `secret-${phoneNumberId}`, verifyToken: `verify-${phoneNumberId}` };
  const row = await prisma.channel.create({
    data: {
      workspaceId: workspace.id, kind: 'sandbox', phoneNumberId, wabaId: '2961000000001', displayPhoneNumber: `155596${c}`, throughputMps: 1000,
      accessTokenEnc: box.encrypt(secrets.accessToken), appSecretEnc: box.encrypt(secrets.appSecret),
      verifyTokenEnc: box.encrypt(secrets.verifyToken), verifyTokenHash: hashVerifyToken(secrets.verifyToken),
    },
  });
  channels.push({ id: row.id, phoneNumberId, secrets });
}
const recipients = Array.from({ length: 5000 }, (_, i) => `1961${String(i).padStart(8, '0')}`);
await prisma.$executeRaw`
  INSERT INTO contacts (id, workspace_id, wa_id, created_at, updated_at)
  SELECT gen_random_uuid(), ${workspace.id}::uuid, w, now(), now() FROM unnest(${recipients}::text[]) AS w`;
await prisma.$executeRaw`
  INSERT INTO conversations (id, workspace_id, channel_id, contact_id, window_expires_at, last_inbound_at, created_at, updated_at)
  SELECT gen_random_uuid(), ${workspace.id}::uuid, ch, c.id, now() + interval '1 day', now(), now(), now()
  FROM contacts c, unnest(${channels.map((ch) => ch.id)}::uuid[]) AS ch WHERE c.workspace_id = ${workspace.id}::uuid`;

const registerNumbers = async (statusWebhooks: boolean) => {
  for (const channel of channels) {
    const res = await fetch(`${sandboxBase}/_sandbox/numbers/${channel.phoneNumberId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        display_phone_number: '15550000000', waba_id: '2961000000001', access_token: channel.secrets['accessToken'], app_secret: channel.secrets['appSecret'],
        throughput_mps: 1000, pair_rate: null, enforce_service_window: false, status_delays_ms: { sent: 0, delivered: 0, read: null },
        ...(statusWebhooks ? { webhook_url: `${apiBase}/api/webhooks/whatsapp`, verify_token: channel.secrets['verifyToken'] } : { webhook_url: null }),
      }),
    });
    if (!res.ok) throw new Error(`sandbox number: ${res.status} ${await res.text()}`);
  }
};

let seq = 0;
const body = () => {
  const i = seq++;
  const channel = channels[i % channels.length]!;
  const to = recipients[Math.floor(i / channels.length) % recipients.length]!;
  return JSON.stringify({ channel_id: channel.id, to, type: 'text', text: { body: `probe ${i}` } });
};
const headers = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };

// CPU_PROBE_PROFILE=1: the api and worker also write V8 CPU profiles to run/profiles (bench/cpu-profile-summary.ts).
const profile = (name: string) =>
  process.env['CPU_PROBE_PROFILE'] === '1' ? ['--cpu-prof', '--cpu-prof-dir=run/profiles', `--cpu-prof-name=probe-${name}-${Date.now()}.cpuprofile`] : [];
// CPU_PROBE_DIST=dir: run the api and worker bundles under dir/apps/*/dist (e.g. an earlier build, for before/after).
const dist = (app: string) => `${process.env['CPU_PROBE_DIST'] ? `${process.env['CPU_PROBE_DIST']}/` : ''}apps/${app}/dist/main.js`;
const startApi = () => startProcess([...profile('api'), dist('api')], { ...common, API_PORT: String(basePort + 1), API_RATE_LIMIT_PER_MINUTE: '1000000' }, `${apiBase}/readyz`);
const startWorker = () =>
  startProcess([...profile('worker'), dist('worker')], { ...common, WORKER_PORT: String(workerPort), WHATSAPP_GRAPH_URL: sandboxBase }, `http://127.0.0.1:${workerPort}/readyz`);

const countRows = async (sql: string): Promise<number> => Number((await prisma.$queryRawUnsafe<{ n: bigint }[]>(sql))[0]?.n ?? 0);
const waitFor = async (sql: string, expected: number, maxMs = 120_000) => {
  const deadline = Date.now() + maxMs;
  let n = 0;
  while ((n = await countRows(sql)) < expected && Date.now() < deadline) await sleep(200);
  return n;
};
const perOp = (seconds: number, n: number) => round((seconds * 1000) / n);

interface Meter {
  stop(n: number): Record<string, number>;
}
function meter(processes: Record<string, Running>): Meter {
  const start = Object.fromEntries(Object.entries(processes).map(([name, p]) => [name, p.cpuSeconds()]));
  const pgStart = cpuSecondsOfCommand('postgres');
  return {
    stop(n) {
      const out: Record<string, number> = {};
      for (const [name, p] of Object.entries(processes)) out[`${name}_ms`] = perOp(p.cpuSeconds() - start[name]!, n);
      out['postgres_ms_all_backends'] = perOp(cpuSecondsOfCommand('postgres') - pgStart, n);
      return out;
    },
  };
}

const results: Record<string, unknown> = { load_average_start: loadavg().map((l) => round(l)), count };
try {
  if (sections.includes('ingest')) {
    const api = await startApi();
    try {
      // Warm-up: JIT, pools, caches.
      await load({ url: `${apiBase}/api/v1/messages`, method: 'POST', connections: 32, seconds: 3, headers, body });
      const m = meter({ api });
      const started = Date.now();
      let done = 0;
      // A fixed amount of work rather than a fixed time, so CPU per request is not diluted by idle time.
      while (done < count) {
        const r = await load({ url: `${apiBase}/api/v1/messages`, method: 'POST', connections: 32, seconds: 2, headers, body });
        if (r.non_2xx > 0 || r.errors > 0) throw new Error(`ingest: ${r.non_2xx} non-2xx, ${r.errors} errors`);
        done += r.total;
      }
      results['ingest'] = { requests: done, rps_while_measuring: Math.round(done / ((Date.now() - started) / 1000)), cpu_per_request: m.stop(done) };
      console.error(JSON.stringify({ ingest: results['ingest'] }));
    } finally {
      await api.stop();
    }
    await prisma.$executeRawUnsafe('TRUNCATE messages, message_events, outbox_entries, inbound_webhooks CASCADE');
    await redis.flushdb();
  }

  for (const section of ['send', 'lifecycle'] as const) {
    if (!sections.includes(section)) continue;
    // The sandbox verifies a webhook URL when it is set, so the api must be up first.
    const api = await startApi();
    await registerNumbers(section === 'lifecycle');
    const worker = await startWorker();
    try {
      const rate = Number(process.env['CPU_PROBE_RATE'] ?? 100);
      const drive = (n: number) =>
        openLoop({ origin: apiBase, rate, seconds: n / rate, request: () => ({ path: '/api/v1/messages', method: 'POST', headers, body: body() }), onResponse: () => undefined });
      const doneSql =
        section === 'send'
          ? `SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status NOT IN ('queued', 'sending')`
          : `SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status = 'delivered'`;
      const warm = await drive(Math.min(600, rate * 2));
      await waitFor(doneSql, warm.ok, 30_000);
      const before = await countRows(doneSql);
      const m = meter({ api, worker });
      const post = await drive(Math.min(count, rate * 20));
      const reached = await waitFor(doneSql, before + post.ok);
      results[section] = { rate, posted_ok: post.ok, done: reached - before, cpu_per_message: m.stop(post.ok) };
      console.error(JSON.stringify({ [section]: results[section] }));
    } finally {
      await worker.stop();
      await api.stop();
    }
  }
} finally {
  results['load_average_end'] = loadavg().map((l) => round(l));
  await sandbox.stop();
  redis.disconnect();
  await prisma.$disconnect();
}
console.log(JSON.stringify(results, null, 2));
