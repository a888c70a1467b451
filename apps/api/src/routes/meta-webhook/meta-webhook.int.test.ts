// The api as a real process against real Postgres and Redis: Meta's
// handshake, signature checks, unknown numbers, persist-then-enqueue, and
// the Redis-down path that the worker's sweep repairs.
import { sweepInboundWebhooks } from '@switchboard/core';
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import { INBOUND_WEBHOOK_QUEUE } from '@switchboard/queue';
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';
import { signPayload } from '@switchboard/whatsapp';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChannel, statusPayload, textMessagePayload, type TestChannel } from '../../../../../packages/core/src/inbound/inbound-test-fixtures';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
let db: TestDatabase;
let redis: ScratchRedis;
let api: RunningApp;
let base: string;
let channel: TestChannel;

// Golden case 3, byte for byte, and its signature with test_app_secret.
const GOLDEN_BODY =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}';
const GOLDEN_SIGNATURE = 'sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42';

beforeAll(async () => {
  db = await createTestDatabase('api_meta_webhook');
  redis = await startScratchRedis();
  channel = await createTestChannel(db.prisma, box, { phoneNumberId: '106540352242922', wabaId: '102290129340398', appSecret: 'test_app_secret', verifyToken: 'tok123' });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = await spawnApp('apps/api/src/main.ts', { API_PORT: String(port), DATABASE_URL: db.url, REDIS_URL: redis.url }, `${base}/healthz`);
});
let redisStopped = false;
afterAll(async () => {
  await api?.stop();
  if (!redisStopped) await redis?.stop();
  await db?.drop();
});

const post = (body: string, signature?: string) =>
  fetch(`${base}/api/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body,
  });

describe('GET /api/webhooks/whatsapp (golden 5)', () => {
  it('echoes the challenge as plain text for a channel’s verify token', async () => {
    const res = await fetch(`${base}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=tok123&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('answers 403 to a wrong token or another mode', async () => {
    expect((await fetch(`${base}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${base}/api/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=tok123&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${base}/api/webhooks/whatsapp`)).status).toBe(403);
  });
});

describe('POST /api/webhooks/whatsapp', () => {
  it('stores a correctly signed webhook encrypted, enqueues it and answers 200', async () => {
    const res = await post(GOLDEN_BODY, GOLDEN_SIGNATURE);
    expect(res.status).toBe(200);
    const row = await db.prisma.inboundWebhook.findFirstOrThrow({ where: { channelId: channel.channelId }, orderBy: { receivedAt: 'desc' } });
    expect(row).toMatchObject({ phoneNumberId: '106540352242922', signatureValid: true, processedAt: null });
    expect(row.rawBodyEnc).not.toContain('Sheena');
    expect(box.decrypt(row.rawBodyEnc)).toBe(GOLDEN_BODY);
    const queue = new Queue(INBOUND_WEBHOOK_QUEUE, { connection: { url: redis.url } });
    try {
      const job = await queue.getJob(row.id);
      expect(job?.data.inboundWebhookId).toBe(row.id);
      expect(job?.data.traceId).toBe(res.headers.get('x-trace-id'));
    } finally {
      await queue.close();
    }
  });

  it('stores and enqueues webhooks posted at once each once, each job with its own request’s trace id', async () => {
    const bodies = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify(textMessagePayload(channel, { wamid: `wamid.BURST${Date.now()}x${i}`, from: '16505552222', timestamp: 1_800_000_100 + i })),
    );
    const responses = await Promise.all(bodies.map((b) => post(b, signPayload(b, 'test_app_secret'))));
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 200));
    const rows = await db.prisma.inboundWebhook.findMany({ where: { channelId: channel.channelId }, orderBy: { receivedAt: 'desc' }, take: bodies.length });
    // Each body stored once.
    expect(rows.map((r) => box.decrypt(r.rawBodyEnc)).sort()).toEqual([...bodies].sort());
    const queue = new Queue(INBOUND_WEBHOOK_QUEUE, { connection: { url: redis.url } });
    try {
      // Each row's job carries the trace id of the request that stored it (batches share round trips, not trace ids).
      const traceOf = new Map(responses.map((r, i) => [bodies[i]!, r.headers.get('x-trace-id')]));
      for (const row of rows) {
        const job = await queue.getJob(row.id);
        expect(job?.data.inboundWebhookId).toBe(row.id);
        expect(job?.data.traceId).toBe(traceOf.get(box.decrypt(row.rawBodyEnc)));
      }
    } finally {
      await queue.close();
    }
  });

  it('answers 401 to a bad or missing signature and stores nothing', async () => {
    const before = await db.prisma.inboundWebhook.count();
    const wrong = await post(GOLDEN_BODY, signPayload(GOLDEN_BODY, 'not_the_secret'));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await post(GOLDEN_BODY)).status).toBe(401);
    expect((await post(GOLDEN_BODY, 'sha256=zz')).status).toBe(401);
    expect(await db.prisma.inboundWebhook.count()).toBe(before);
  });

  it('answers 400 to a malformed body', async () => {
    expect((await post('{"object":', GOLDEN_SIGNATURE)).status).toBe(400);
    const notEnvelope = '{"hello":"world"}';
    expect((await post(notEnvelope, signPayload(notEnvelope, 'test_app_secret'))).status).toBe(400);
  });

  it('answers 200 for an unknown number and writes an audit entry', async () => {
    const body = JSON.stringify(statusPayload({ wabaId: '999', phoneNumberId: '555000111' }, [{ wamid: 'wamid.X', status: 'sent', timestamp: 1 }]));
    const res = await post(body, signPayload(body, 'whatever'));
    expect(res.status).toBe(200);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'meta_webhook.unknown_number', targetId: '555000111' } });
    expect(audit).toMatchObject({ actorType: 'system', workspaceId: null });
    expect(await db.prisma.inboundWebhook.count({ where: { phoneNumberId: '555000111' } })).toBe(0);
  });

  it('counts outcomes in /metrics', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/meta_webhooks_received_total\{outcome="ok",service="api"\} [1-9]/);
    expect(text).toMatch(/meta_webhooks_received_total\{outcome="bad_signature",service="api"\} [1-9]/);
    expect(text).toMatch(/meta_webhooks_received_total\{outcome="unknown_number",service="api"\} [1-9]/);
  });

  // Last: it stops Redis.
  it('still answers 200 with Redis down, and the sweep processes the stored webhook', async () => {
    await redis.stop();
    redisStopped = true;
    const wamid = `wamid.REDISDOWN${Date.now()}`;
    const body = JSON.stringify(textMessagePayload(channel, { wamid, from: '16505557777', timestamp: 1_800_000_000 }));
    const res = await post(body, signPayload(body, 'test_app_secret'));
    expect(res.status).toBe(200);
    const row = await db.prisma.inboundWebhook.findFirstOrThrow({ where: { channelId: channel.channelId }, orderBy: { receivedAt: 'desc' } });
    expect(row.processedAt).toBeNull();

    await sweepInboundWebhooks(
      { prisma: db.prisma, secretBox: box, logger: createLogger({ service: 'test', level: 'silent' }) },
      { olderThanMs: 0, limit: 1000 },
    );
    expect(await db.prisma.message.findFirst({ where: { wamid }, select: { status: true } })).toEqual({ status: 'received' });
    expect((await db.prisma.inboundWebhook.findUniqueOrThrow({ where: { id: row.id } })).processedAt).not.toBeNull();

    // And it still shuts down by itself (a Redis-bound close must not hang the api).
    await api.stop();
    expect(api.process.signalCode).toBeNull();
    expect(api.process.exitCode).toBe(0);
  });
});
