// Customer-webhook fan-out: messages POSTed to the built api at a fixed rate (open loop) in
// `workspaces` workspaces with 3 endpoints each, sent through the sandbox (which answers with
// delivered/read statuses), so every message yields queued, sent, delivered and read events to each
// endpoint (12 deliveries). A receiver in this process answers 204 and checks a sample of signatures
// with `standardwebhooks`. Reports deliveries per second and API → webhook latency (from the
// request's scheduled time to the arrival of its `message.queued` at each endpoint).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, generateApiKey, hashVerifyToken } from '@switchboard/db';
import { freePort, startScratchRedis } from '@switchboard/testing';
import { Webhook } from 'standardwebhooks';
import { epochMs, openLoop } from './open-loop';
import { startProcess } from './processes';

export interface WebhookFanoutOptions {
  /** Messages per second across all workspaces. */
  rate: number;
  seconds: number;
  workspaces: number;
  /** Longest wait for the last deliveries after the load ends. */
  drainTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_FANOUT_OPTIONS: WebhookFanoutOptions = { rate: 30, seconds: 15, workspaces: 3, drainTimeoutMs: 60_000 };
export const QUICK_WEBHOOK_FANOUT_OPTIONS: WebhookFanoutOptions = { rate: 20, seconds: 3, workspaces: 2, drainTimeoutMs: 20_000 };
const ENDPOINTS_PER_WORKSPACE = 3;
const EVENTS_PER_MESSAGE = 4;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** Runs the fan-out benchmark on its own database, Redis, sandbox, api and worker; returns figures. */
export async function webhookFanoutBenchmarks(options: WebhookFanoutOptions = DEFAULT_WEBHOOK_FANOUT_OPTIONS): Promise<Record<string, unknown>> {
  const db = await createTestDatabase('bench_webhook_fanout');
  const redis = await startScratchRedis();
  const box = createSecretBox(process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY);
  const secrets = new Map<string, string>();
  const arrivals: number[] = [];
  const queuedLatencies: number[] = [];
  const scheduledAt = new Map<string, number>();
  let badSignatures = 0;
  let verified = 0;
  let received = 0;

  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = epochMs();
      received += 1;
      arrivals.push(now);
      const body = Buffer.concat(chunks);
      const event = JSON.parse(body.toString()) as { type: string; data: { message_id?: string } };
      if (event.type === 'message.queued' && event.data.message_id) {
        const sent = scheduledAt.get(event.data.message_id);
        if (sent !== undefined) queuedLatencies.push(now - sent);
      }
      // Verifying costs CPU the system under test needs: check one request in 50.
      if (received % 50 === 1) {
        try {
          new Webhook(secrets.get(req.url ?? '') ?? '').verify(body, req.headers as Record<string, string>);
          verified += 1;
        } catch {
          badSignatures += 1;
        }
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverPort = (receiver.address() as AddressInfo).port;
  const [apiPort, sandboxPort, workerPort] = [await freePort(), await freePort(), await freePort()];
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  // Test mode: the receiver is on loopback, which production mode rightly refuses.
  const common = {
    NODE_ENV: 'test', DATABASE_URL: db.url, REDIS_URL: redis.url, ENCRYPTION_KEY: process.env['ENCRYPTION_KEY'] ?? DEV_ENCRYPTION_KEY,
    WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: `127.0.0.1:${receiverPort}`,
  };
  const running = [];
  try {
    running.push(await startProcess(['apps/sandbox/dist/main.js'], { SANDBOX_PORT: String(sandboxPort) }, `${sandboxBase}/healthz`));
    running.push(await startProcess(['apps/api/dist/main.js'], { ...common, API_PORT: String(apiPort), API_RATE_LIMIT_PER_MINUTE: '1000000' }, `${apiBase}/readyz`));
    running.push(await startProcess(['apps/worker/dist/main.js'], { ...common, WORKER_PORT: String(workerPort), WHATSAPP_GRAPH_URL: sandboxBase }, `http://127.0.0.1:${workerPort}/readyz`));

    const tenants: { apiKey: string; channelId: string }[] = [];
    for (let w = 0; w < options.workspaces; w++) {
      const suffix = `${Date.now() % 1_000_000}${w}`.padStart(8, '0');
      const phoneNumberId = `1077${suffix}`;
      const workspace = await db.prisma.workspace.create({ data: { name: `bench ${w}`, slug: `bench-fanout-${suffix}` } });
      const channel = await db.prisma.channel.create({
        data: {
          workspaceId: workspace.id, kind: 'sandbox', phoneNumberId, wabaId: `2077${suffix}`, displayPhoneNumber: `1555${suffix.slice(0, 7)}`,
          accessTokenEnc: box.encrypt(`token-${suffix}`), appSecretEnc: box.encrypt(`secret-${suffix}`),
          verifyTokenEnc: box.encrypt(`verify-${suffix}`), verifyTokenHash: hashVerifyToken(`verify-${suffix}`), throughputMps: 1000,
        },
      });
      const key = generateApiKey();
      await db.prisma.apiKey.create({ data: { workspaceId: workspace.id, name: 'bench', prefix: key.prefix, hash: key.hash, scopes: ['messages:write', 'webhooks:write'] } });
      const registered = await fetch(`${sandboxBase}/_sandbox/numbers/${phoneNumberId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          display_phone_number: `1555${suffix.slice(0, 7)}`, waba_id: `2077${suffix}`, access_token: `token-${suffix}`, app_secret: `secret-${suffix}`,
          webhook_url: `${apiBase}/api/webhooks/whatsapp`, verify_token: `verify-${suffix}`, throughput_mps: 1000,
          status_delays_ms: { sent: 20, delivered: 40, read: 80 },
        }),
      });
      if (!registered.ok) throw new Error(`sandbox number registration: ${registered.status} ${await registered.text()}`);
      for (let e = 0; e < ENDPOINTS_PER_WORKSPACE; e++) {
        const path = `/w${w}e${e}`;
        const res = await fetch(`${apiBase}/api/v1/webhook-endpoints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: `http://127.0.0.1:${receiverPort}${path}` }),
        });
        if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${await res.text()}`);
        secrets.set(path, ((await res.json()) as { secret: string }).secret);
      }
      tenants.push({ apiKey: key.key, channelId: channel.id });
    }

    const load = await openLoop({
      origin: apiBase,
      rate: options.rate,
      seconds: options.seconds,
      request: (i) => {
        const tenant = tenants[i % tenants.length]!;
        return {
          path: '/api/v1/messages',
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ channel_id: tenant.channelId, to: `1444${String(i).padStart(7, '0')}`, type: 'template', template: { name: 'bench', language: { code: 'en_US' } } }),
        };
      },
      onResponse: (_i, scheduled, status, body) => {
        if (status === 202) scheduledAt.set((JSON.parse(body) as { id: string }).id, scheduled);
      },
    });

    const expected = scheduledAt.size * ENDPOINTS_PER_WORKSPACE * EVENTS_PER_MESSAGE;
    const deadline = Date.now() + options.drainTimeoutMs;
    while (received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    arrivals.sort((a, b) => a - b);
    queuedLatencies.sort((a, b) => a - b);
    const spanS = arrivals.length > 1 ? (arrivals.at(-1)! - arrivals[0]!) / 1000 : NaN;
    return {
      options,
      endpoints_per_workspace: ENDPOINTS_PER_WORKSPACE,
      messages_accepted: scheduledAt.size,
      api: { achieved_rate: load.achieved_rate, non_2xx: load.non_2xx, errors: load.errors },
      deliveries_expected: expected,
      deliveries_received: received,
      deliveries_per_second: Math.round((arrivals.length / spanS) * 10) / 10,
      api_to_webhook_ms: {
        count: queuedLatencies.length,
        p50: percentile(queuedLatencies, 50),
        p95: percentile(queuedLatencies, 95),
        p99: percentile(queuedLatencies, 99),
        max: queuedLatencies.length ? Math.round(queuedLatencies.at(-1)!) : NaN,
      },
      signatures: { sampled: verified + badSignatures, rejected: badSignatures },
    };
  } finally {
    for (const p of running.reverse()) await p.stop();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await redis.stop();
    await db.drop();
  }
}
