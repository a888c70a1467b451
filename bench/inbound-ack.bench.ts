// Meta webhook acknowledgement: signed webhooks driven at fixed arrival rates
// (open loop, bench/open-loop.ts: latency from each request's scheduled
// time) against the built api (`apps/api/dist/main.js`) with its own
// database and Redis. Each request is a new message (unique wamid), so every
// one is routed, verified, persisted (encrypted) and enqueued; no worker runs.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, hashVerifyToken } from '@switchboard/db';
import { startScratchRedis } from '@switchboard/testing';
import { signPayload } from '@switchboard/whatsapp';
import { openLoop } from './open-loop';
import { cpuSecondsOfCommand, startProcess } from './processes';

const PHONE_NUMBER_ID = '180000000000001';
const WABA_ID = '280000000000001';
const APP_SECRET = 'bench-app-secret';

export interface AckResult {
  target_rate: number;
  achieved_rate: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  latency_p99_ms: number;
  latency_max_ms: number;
  non_2xx: number;
  errors: number;
  total: number;
}

export async function inboundAckBenchmarks(rates: number[] = [200, 900], seconds = 10): Promise<Record<string, unknown>> {
  const db = await createTestDatabase('bench_inbound_ack');
  const redis = await startScratchRedis();
  const box = createSecretBox(process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY);
  try {
    const workspace = await db.prisma.workspace.create({ data: { name: 'bench', slug: 'bench' } });
    await db.prisma.channel.create({
      data: {
        workspaceId: workspace.id, kind: 'sandbox', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, displayPhoneNumber: '15550002222',
        accessTokenEnc: box.encrypt('t'), appSecretEnc: box.encrypt(APP_SECRET), verifyTokenEnc: box.encrypt('v'), verifyTokenHash: hashVerifyToken('v'),
      },
    });
    const port = '3921';
    const api = await startProcess(['apps/api/dist/main.js'], { API_PORT: port, DATABASE_URL: db.url, REDIS_URL: redis.url }, `http://127.0.0.1:${port}/readyz`);
    const results: Record<string, AckResult & { api_cpu_ms_per_webhook: number; postgres_cpu_ms_per_webhook: number }> = {};
    try {
      // Warm-up: connections, JIT, the channel cache.
      await drive(port, 100, 2);
      for (const rate of rates) {
        // CPU of the api (and of every Postgres backend, other work included) per webhook at this rate.
        const before = { api: api.cpuSeconds(), postgres: cpuSecondsOfCommand('postgres') };
        const result = await drive(port, rate, seconds);
        const per = (now: number, then: number) => Math.round(((now - then) * 1000 * 100) / Math.max(1, result.total)) / 100;
        results[`rate_${rate}`] = { ...result, api_cpu_ms_per_webhook: per(api.cpuSeconds(), before.api), postgres_cpu_ms_per_webhook: per(cpuSecondsOfCommand('postgres'), before.postgres) };
      }
    } finally {
      await api.stop();
    }
    const stored = await db.prisma.inboundWebhook.count();
    return { ...results, webhooks_stored: stored, targets: { p99_ms_at_200: 50, p99_ms_at_900: 10 } };
  } finally {
    await redis.stop();
    await db.drop();
  }
}

let sequence = 0;
function webhookBody(): string {
  sequence += 1;
  const from = `1555${String(sequence % 1_000_000).padStart(7, '0')}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550002222', phone_number_id: PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Bench User' }, wa_id: from }],
      messages: [{ from, id: `wamid.BENCH${Date.now()}${sequence}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }],
    } }] }],
  });
}

async function drive(port: string, rate: number, seconds: number): Promise<AckResult> {
  const result = await openLoop({
    origin: `http://127.0.0.1:${port}`,
    rate,
    seconds,
    request: () => {
      const body = webhookBody();
      return { path: '/api/webhooks/whatsapp', method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(body, APP_SECRET) }, body };
    },
  });
  return {
    target_rate: rate,
    achieved_rate: result.achieved_rate,
    latency_p50_ms: result.latency.p50_ms,
    latency_p95_ms: result.latency.p95_ms,
    latency_p99_ms: result.latency.p99_ms,
    latency_max_ms: result.latency.max_ms,
    non_2xx: result.non_2xx,
    errors: result.errors,
    total: result.sent,
  };
}
