// Customer webhooks end to end on real processes: sandbox (Meta), api, one worker and a receiver
// process that verifies every request with the `standardwebhooks` package. Time is scaled by
// WEBHOOK_TIME_SCALE = 0.0001, so the 24 h window lasts 8.6 s.
import { createHmac, randomBytes } from 'node:crypto';
import {
  replayResultSchema,
  webhookDeliveryPageSchema,
  webhookEndpointViewSchema,
  webhookEndpointWithSecretSchema,
  webhookEventPageSchema,
} from '@switchboard/core';
import { webhookEventBodySchema } from '@switchboard/webhooks';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, type FullStack, type StackTenant } from '../outbound/testing/full-stack';
import { startReceiverProcess, type ReceivedRequest, type ReceiverProcess } from './testing/receiver-process';

const TIME_SCALE = 0.0001;
const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: FullStack;
let receiver: ReceiverProcess;
let tenant: StackTenant;
const savedEnv = { ...process.env };

async function api(method: string, path: string, body?: unknown, key = tenant.apiKey): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${stack.apiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates an endpoint on the receiver at `path`, tells the receiver its secret, returns id and secret. */
async function endpoint(path: string, eventTypes: string[], t: StackTenant = tenant): Promise<{ id: string; secret: string }> {
  const created = await api('POST', '/api/v1/webhook-endpoints', { url: receiver.url(path), event_types: eventTypes, description: path }, t.apiKey);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id, secret } = webhookEndpointWithSecretSchema.parse(created.body);
  await receiver.setSecrets(path, [secret]);
  return { id, secret };
}

async function send(t: StackTenant = tenant, to = `1555${randomBytes(3).readUIntBE(0, 3)}`): Promise<string> {
  const res = await api('POST', '/api/v1/messages', { channel_id: t.channelId, to, type: 'template', template: { name: 'webhook_test', language: { code: 'en_US' } } }, t.apiKey);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return z.object({ id: z.string() }).parse(res.body).id;
}

const parsed = (r: ReceivedRequest) => webhookEventBodySchema.parse(JSON.parse(r.body));
const messageIdOf = (r: ReceivedRequest) => (parsed(r).data as { message_id?: string }).message_id;

async function deliveries(endpointId: string): Promise<z.infer<typeof webhookDeliveryPageSchema>['data']> {
  const res = await api('GET', `/api/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`);
  expect(res.status).toBe(200);
  return webhookDeliveryPageSchema.parse(res.body).data;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${stack.output(3000)}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  receiver = await startReceiverProcess();
  // Inherited by the api and worker processes (spawnApp passes process.env on).
  Object.assign(process.env, {
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: receiver.hostPort,
    WEBHOOK_TIME_SCALE: String(TIME_SCALE),
    WEBHOOK_POLL_MS: '50',
    WEBHOOK_FAN_OUT_INTERVAL_MS: '50',
  });
  stack = await startFullStack('customer_webhooks', { workers: 1 });
  tenant = await stack.tenant();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
  process.env = savedEnv;
});

describe('customer webhooks on real processes', () => {
  it('out-of-order Meta statuses reach the endpoint as in-order events, each one only after the previous was answered', async () => {
    // This tenant's sandbox number sends no statuses of its own during the test: we play Meta.
    const quiet = await stack.tenant({ statusDelaysMs: { sent: 120_000, delivered: 120_000, read: null } });
    const suffix = quiet.phoneNumberId.slice(4);
    const path = '/ordered';
    await endpoint(path, ['message.queued', 'message.sent', 'message.delivered', 'message.read'], quiet);
    // The receiver answers `message.queued` slowly: without per-message ordering the later events would overtake it.
    await receiver.script(path, { delayMs: 300, delayTypes: ['message.queued'] });
    const ids = [await send(quiet), await send(quiet), await send(quiet)];
    const wamids = await Promise.all(ids.map((id) => until(`wamid of ${id}`, async () => (await stack.prisma.message.findUnique({ where: { id } }))?.wamid)));
    const meta = async (status: string, secondsAgo: number) => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: `2088${suffix}`, changes: [{ field: 'messages', value: {
          messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: quiet.phoneNumberId },
          statuses: wamids.map((wamid) => ({ id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000) - secondsAgo), recipient_id: '15550000000' })),
        } }] }],
      });
      const res = await fetch(`${stack.apiBase}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', `secret-${suffix}`).update(body).digest('hex')}` },
        body,
      });
      expect(res.status).toBe(200);
    };
    // Meta's order: read, then delivered, then sent (reference case 15).
    await meta('read', 1);
    await until('read applied', async () => (await stack.prisma.message.count({ where: { id: { in: ids }, status: 'read' } })) === 3);
    await meta('delivered', 2);
    await meta('sent', 3);
    const requests = await receiver.waitFor(path, (rs) => ids.every((id) => rs.filter((r) => messageIdOf(r) === id && r.status === 200).length === 4));
    for (const id of ids) {
      const mine = requests.filter((r) => messageIdOf(r) === id);
      expect(mine.map((r) => r.type)).toEqual(['message.queued', 'message.sent', 'message.delivered', 'message.read']);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.receivedAt).toBeGreaterThanOrEqual(mine[i - 1]!.answeredAt);
      expect(mine.every((r) => r.verifiedWith.length === 1 && r.signatures === 1)).toBe(true);
      // Meta said read before delivered: delivered is reported, marked implied, before read.
      const data = mine.map((r) => parsed(r).data as { status: string; implied: boolean });
      expect(data.map((d) => [d.status, d.implied])).toEqual([['queued', false], ['sent', false], ['delivered', true], ['read', false]]);
    }
    // The late `delivered` and `sent` were recorded on the messages but sent no second event.
    await until('late statuses recorded', async () => (await stack.prisma.messageEvent.count({ where: { messageId: { in: ids }, source: 'meta' } })) === 9);
    await sleep(500);
    expect((await receiver.received(path)).filter((r) => ids.includes(messageIdOf(r) ?? ''))).toHaveLength(12);
  });

  it('an endpoint answering 500 three times then 200 gets the event on attempt 4, with one webhook-id', async () => {
    const path = '/flaky';
    const { id } = await endpoint(path, ['message.queued']);
    await receiver.script(path, { sequence: [500, 500, 500], then: 200 });
    const messageId = await send();
    const requests = await receiver.waitFor(path, (rs) => rs.some((r) => r.status === 200));
    expect(requests.map((r) => r.status)).toEqual([500, 500, 500, 200]);
    expect(new Set(requests.map((r) => r.webhookId)).size).toBe(1);
    expect(requests.map((r) => r.body).every((b) => b === requests[0]!.body)).toBe(true);
    expect(messageIdOf(requests[0]!)).toBe(messageId);
    const delivery = await until('delivery succeeded', async () => {
      const list = await deliveries(id);
      return list[0]?.status === 'succeeded' ? list[0] : undefined;
    });
    expect(delivery.attempts).toBe(4);
    expect(delivery.attempt_log.map((a) => a.status_code)).toEqual([500, 500, 500, 200]);
    expect(delivery.attempt_log[0]?.response_excerpt?.length).toBeLessThanOrEqual(1024);
    expect(delivery.attempt_log.every((a) => typeof a.latency_ms === 'number')).toBe(true);
    expect(webhookEndpointViewSchema.parse((await api('GET', `/api/v1/webhook-endpoints/${id}`)).body).failing_since).toBeNull();
  });

  it('an endpoint down for a time-scaled 25 h ends in failed after the 24 h window, and is not disabled', async () => {
    const path = '/down';
    const { id } = await endpoint(path, ['message.queued']);
    await receiver.script(path, { then: 503 });
    const started = Date.now();
    await send();
    await sleep(25 * 3_600_000 * TIME_SCALE);
    await receiver.script(path, { then: 200 });
    const delivery = await until('delivery failed', async () => {
      const list = await deliveries(id);
      return list[0]?.status === 'failed' ? list[0] : undefined;
    }, 10_000);
    expect(delivery.last_error).toMatch(/gave up/);
    expect(delivery.attempts).toBeGreaterThanOrEqual(7);
    const lastAttempt = Date.parse(delivery.attempt_log.at(-1)?.attempted_at ?? '');
    expect(lastAttempt - started).toBeLessThan(24.5 * 3_600_000 * TIME_SCALE + 2000);
    expect(delivery.attempt_log.every((a) => a.status_code === 503)).toBe(true);
    await sleep(1000);
    expect((await receiver.received(path)).every((r) => r.status === 503)).toBe(true);
    const view = webhookEndpointViewSchema.parse((await api('GET', `/api/v1/webhook-endpoints/${id}`)).body);
    expect(view.enabled).toBe(true);
    expect(view.failing_since).not.toBeNull();
  });

  it('410 disables the endpoint, writes the audit notice and stops deliveries to it', async () => {
    const path = '/gone';
    const { id } = await endpoint(path, ['message.queued']);
    await receiver.script(path, { then: 410 });
    await send();
    const view = await until('endpoint disabled', async () => {
      const res = await api('GET', `/api/v1/webhook-endpoints/${id}`);
      const endpointView = webhookEndpointViewSchema.parse(res.body);
      return endpointView.enabled === false ? endpointView : undefined;
    });
    expect(view.disabled_reason).toBe('gone');
    const audit = await stack.prisma.auditLog.findFirst({ where: { action: 'webhook_endpoint.disabled', targetId: id } });
    expect(audit?.data).toMatchObject({ reason: 'gone', status_code: 410 });
    await send();
    await sleep(1000);
    expect(await receiver.received(path)).toHaveLength(1);
    expect((await deliveries(id))[0]?.status).toBe('failed');
  });

  it('rotating the secret under load rejects no delivery: both signatures are sent during the grace period', async () => {
    const path = '/rotate';
    const { id, secret: oldSecret } = await endpoint(path, ['message.queued', 'message.sent']);
    const sending = (async () => {
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) ids.push(await send());
      return ids;
    })();
    await receiver.waitFor(path, (rs) => rs.length >= 10);
    const rotated = await api('POST', `/api/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const rotatedView = webhookEndpointWithSecretSchema.parse(rotated.body);
    const newSecret = rotatedView.secret;
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(rotatedView.previous_secret_expires_at ?? '') - Date.now()).toBeGreaterThan(DAY_MS - 60_000);
    const rotatedAt = Date.now();
    // A receiver that has learnt the new secret accepts either while the old one is in its grace period …
    await receiver.setSecrets(path, [oldSecret, newSecret]);
    const ids = await sending;
    await receiver.waitFor(path, (rs) => ids.every((m) => rs.filter((r) => messageIdOf(r) === m && r.status === 200).length === 2));
    // … and, once in-flight deliveries are done, only the new one.
    await receiver.setSecrets(path, [newSecret]);
    const later = await send();
    await receiver.waitFor(path, (rs) => rs.filter((r) => messageIdOf(r) === later && r.status === 200).length === 2);
    const requests = await receiver.received(path);
    expect(requests.filter((r) => r.status === 401)).toEqual([]);
    // Every request verified with the old secret (the receiver never had to switch in a hurry) …
    const beforeNewOnly = requests.filter((r) => messageIdOf(r) !== later);
    expect(beforeNewOnly.every((r) => r.verifiedWith.includes(0))).toBe(true);
    // … and every request made a moment after the rotation also carried the new secret's signature.
    const afterRotation = beforeNewOnly.filter((r) => r.receivedAt > rotatedAt + 500);
    expect(afterRotation.length).toBeGreaterThan(0);
    expect(afterRotation.every((r) => r.signatures === 2 && r.verifiedWith.includes(1))).toBe(true);
  });

  it('replay keeps the webhook-id with a fresh timestamp within 30 days, and is 404 after', async () => {
    const path = '/replay';
    const { id } = await endpoint(path, ['message.queued']);
    const messageId = await send();
    const [first] = await receiver.waitFor(path, (rs) => rs.some((r) => messageIdOf(r) === messageId));
    const eventId = first!.webhookId!;
    // Day 29: the event is still kept.
    await stack.prisma.webhookEvent.update({ where: { id: eventId }, data: { createdAt: new Date(Date.now() - 29 * DAY_MS), expiresAt: new Date(Date.now() + DAY_MS) } });
    await sleep(1100);
    const replay = await api('POST', `/api/v1/events/${eventId}/replay`);
    expect(replay.status).toBe(202);
    // Every enabled endpoint of the workspace that wants message.queued gets it again; ours among them.
    expect(replayResultSchema.parse(replay.body).endpoint_ids).toContain(id);
    const requests = await receiver.waitFor(path, (rs) => rs.filter((r) => r.webhookId === eventId).length === 2);
    const [original, replayed] = requests.filter((r) => r.webhookId === eventId);
    expect(replayed!.body).toBe(original!.body);
    expect(Number(replayed!.timestamp)).toBeGreaterThan(Number(original!.timestamp));
    expect(replayed!.verifiedWith).toEqual([0]);
    // The endpoint range replay finds it too (created 29 days ago).
    const range = await api('POST', `/api/v1/webhook-endpoints/${id}/replay`, { since: new Date(Date.now() - 30 * DAY_MS).toISOString(), until: new Date(Date.now() - 28 * DAY_MS).toISOString() });
    expect(range.status).toBe(202);
    expect(replayResultSchema.parse(range.body).replayed).toBe(1);
    await receiver.waitFor(path, (rs) => rs.filter((r) => r.webhookId === eventId).length === 3);
    // Day 31: gone.
    await stack.prisma.webhookEvent.update({ where: { id: eventId }, data: { createdAt: new Date(Date.now() - 31 * DAY_MS), expiresAt: new Date(Date.now() - DAY_MS) } });
    const late = await api('POST', `/api/v1/events/${eventId}/replay`);
    expect(late.status).toBe(404);
    expect(late.body).toMatchObject({ error: { code: 'not_found' } });
    const listed = await api('GET', `/api/v1/events?message_id=${messageId}`);
    expect(listed.status).toBe(200);
    const page = webhookEventPageSchema.parse(listed.body).data;
    expect(page.map((e) => e.id)).not.toContain(eventId);
    expect(page.every((e) => e.message_id === messageId && webhookEventBodySchema.parse(e.payload).id === e.id)).toBe(true);
  });

  it('an inbound message and a handoff reach the endpoint as message.received and conversation.handoff', async () => {
    const path = '/inbound';
    await endpoint(path, ['message.received', 'conversation.handoff']);
    const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${tenant.phoneNumberId}/inbound`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '15551230003', type: 'text', text: { body: 'Grüße, is this thing on?' } }),
    });
    expect(res.status).toBe(200);
    const [received] = await receiver.waitFor(path, (rs) => rs.some((r) => r.type === 'message.received'));
    const body = parsed(received!);
    expect(body.data).toMatchObject({ type: 'text', content: { text: { body: 'Grüße, is this thing on?' } }, contact: { wa_id: '15551230003' } });
    // A handoff the bot runtime records (same outbox payload as handoffConversation writes).
    const conversation = await stack.prisma.conversation.findFirstOrThrow({ where: { workspaceId: tenant.workspaceId, contact: { waId: '15551230003' } } });
    await stack.prisma.outboxEntry.create({
      data: { topic: 'customer_event', payload: { type: 'conversation.handoff', conversationId: conversation.id, reason: 'support_requested', workspaceId: tenant.workspaceId, at: new Date().toISOString() } },
    });
    const all = await receiver.waitFor(path, (rs) => rs.some((r) => r.type === 'conversation.handoff'));
    expect(parsed(all.find((r) => r.type === 'conversation.handoff')!).data).toMatchObject({ conversation_id: conversation.id, owner: 'human', reason: 'support_requested' });
  });

  it('a handoff and a resume through the API reach the endpoint once each, in order, with the reason', async () => {
    const path = '/owner';
    await endpoint(path, ['conversation.handoff', 'conversation.resumed']);
    const messageId = await send();
    const { conversationId } = await stack.prisma.message.findUniqueOrThrow({ where: { id: messageId } });
    const handoff = await api('POST', `/api/v1/conversations/${conversationId}/handoff`, { reason: 'billing question' });
    expect(handoff).toMatchObject({ status: 200, body: { changed: true, conversation: { id: conversationId, owner: 'human' } } });
    // Asking again changes nothing and sends nothing.
    expect(await api('POST', `/api/v1/conversations/${conversationId}/handoff`, {})).toMatchObject({ status: 200, body: { changed: false } });
    const resumed = await api('POST', `/api/v1/conversations/${conversationId}/resume`, { reason: 'answered' });
    expect(resumed).toMatchObject({ status: 200, body: { changed: true, conversation: { owner: 'bot', handoff_at: null } } });
    await receiver.waitFor(path, (rs) => rs.some((r) => r.type === 'conversation.resumed'));
    await sleep(300); // a duplicate handoff would have been fanned out by now
    const events = (await receiver.waitFor(path, () => true)).map((r) => parsed(r));
    expect(events.map((e) => e.type)).toEqual(['conversation.handoff', 'conversation.resumed']);
    expect(events.map((e) => e.data)).toMatchObject([
      { conversation_id: conversationId, owner: 'human', reason: 'billing question' },
      { conversation_id: conversationId, owner: 'bot', reason: 'answered' },
    ]);
    expect(await stack.prisma.auditLog.count({ where: { targetId: conversationId, actorType: 'api_key' } })).toBe(2);
  });

  it('workspaces only see their own events, and events are not stored for a workspace without endpoints', async () => {
    const other = await stack.tenant();
    const messageId = await send(other);
    await sleep(800);
    expect(await stack.prisma.webhookEvent.count({ where: { workspaceId: other.workspaceId } })).toBe(0);
    const outbox = await stack.prisma.outboxEntry.findMany({ where: { topic: 'customer_event', publishedAt: null } });
    expect(outbox.filter((o) => JSON.stringify(o.payload).includes(messageId))).toEqual([]);
    const mine = await api('GET', '/api/v1/events?limit=100');
    expect(mine.status).toBe(200);
    expect(webhookEventPageSchema.parse(mine.body).data.every((e) => e.message_id !== messageId)).toBe(true);
  });
});
