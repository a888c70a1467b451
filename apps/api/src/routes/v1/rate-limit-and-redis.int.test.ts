import { createOutboundDispatcher } from '@switchboard/queue';
import { startScratchRedis, type ScratchRedis } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

describe('rate limiting', () => {
  let t: V1TestApp;
  let tenant: Tenant;
  // Its own Redis, so other tests' requests from 127.0.0.1 in the same minute do not count here.
  let redis: ScratchRedis;
  beforeAll(async () => {
    redis = await startScratchRedis();
    t = await startV1TestApp({ rateLimitPerMinute: 5, redisUrl: redis.url });
    tenant = await t.createTenant();
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('carries X-RateLimit-* on every answer and refuses the request over the limit with 429 and Retry-After', async () => {
    const key = tenant.keys.all!;
    const remaining: number[] = [];
    // Windows are whole minutes; the 6 requests must fall in one, so skip the last seconds of a minute.
    const leftInWindow = 60_000 - (Date.now() % 60_000);
    if (leftInWindow < 5000) await new Promise((r) => setTimeout(r, leftInWindow + 50));
    for (let i = 0; i < 5; i += 1) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(key) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      const reset = Number(res.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(60);
      remaining.push(Number(res.headers['x-ratelimit-remaining']));
    }
    const over = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(key) });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(over.headers['x-ratelimit-remaining']).toBe('0');
    // Errors carry the headers too, and another key has its own budget.
    const other = await t.createTenant();
    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/messages', headers: auth(other.keys.all!), payload: {} });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['x-ratelimit-limit']).toBe('5');
    expect(remaining.slice(-1)[0]).toBeLessThan(remaining[0]!);
  });

  it('serves the OpenAPI document with the headers, without a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.json().openapi).toBe('3.1.0');
  });
});

describe('Redis down during ingest', () => {
  let t: V1TestApp;
  let tenant: Tenant;
  let redis: ScratchRedis;
  let dispatcherRedis: Redis;
  let redisStopped = false;
  beforeAll(async () => {
    redis = await startScratchRedis();
    dispatcherRedis = new Redis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    dispatcherRedis.on('error', () => undefined);
    // The real outbound dispatcher, on a connection that fails fast like the api's.
    t = await startV1TestApp({ redisUrl: redis.url, rateLimitPerMinute: 1000, dispatcher: createOutboundDispatcher(dispatcherRedis) });
    tenant = await t.createTenant();
  });
  afterAll(async () => {
    dispatcherRedis?.disconnect();
    await t?.close();
    if (!redisStopped) await redis?.stop();
  });

  it('still answers 202 with the message and its outbox entry committed; the rate limiter fails open and counts it', async () => {
    const up = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(tenant.keys.all!) });
    expect(up.headers['x-ratelimit-remaining']).toBe('999');
    await redis.stop();
    redisStopped = true;

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: auth(tenant.keys.all!, { 'idempotency-key': 'redis-down' }),
      payload: { channel_id: tenant.channelId, to: '15550003', type: 'template', template: { name: 'x', language: { code: 'en' } } },
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-ratelimit-limit']).toBe('1000');
    const id = res.json().id;
    expect(await t.db.prisma.message.findUnique({ where: { id } })).toMatchObject({ status: 'queued' });
    expect(await t.db.prisma.outboxEntry.count({ where: { payload: { equals: { messageId: id } }, publishedAt: null } })).toBe(1);
    expect(await t.db.prisma.idempotencyRecord.count({ where: { key: 'redis-down' } })).toBe(1);

    const metrics = await t.ctx.registry.metrics();
    expect(metrics).toMatch(/api_rate_limit_fail_open_total(\{[^}]*\})? [1-9]/);
    expect(metrics).toMatch(/api_outbound_dispatch_failures_total(\{[^}]*\})? [1-9]/);
  });
});
