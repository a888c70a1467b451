import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let tenant: Tenant;

beforeAll(async () => {
  t = await startV1TestApp({ bodyLimit: 64 * 1024 });
  tenant = await t.createTenant();
});
afterAll(async () => t?.close());

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
const garbage: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER * 4,
  '',
  'string',
  '😀'.repeat(2000),
  '\u0000\u0001\uffff',
  'ﷺ‮ RTL',
  [],
  [1, 2, 3],
  [{}],
  {},
  { '': '' },
  deep(200),
  { type: { type: 'text' } },
  { channel_id: ['a'], to: { x: 1 }, type: 'text', text: 'hi' },
  { type: 'template', template: { name: 'x', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: null }] }] } },
];

const validMessage = () => ({ channel_id: tenant.channelId, to: '15550001', type: 'template', template: { name: 'x', language: { code: 'en' } } });
const validChannel = () => ({ phone_number_id: '123', waba_id: '1', display_phone_number: '+1 555', access_token: 'a', app_secret: 'b', verify_token: 'c' });

const bodyRoutes = [
  { name: 'messages', method: 'POST' as const, url: () => '/api/v1/messages', valid: validMessage },
  { name: 'channels', method: 'POST' as const, url: () => '/api/v1/channels', valid: validChannel },
  { name: 'channels/{id}', method: 'PATCH' as const, url: () => `/api/v1/channels/${tenant.channelId}`, valid: () => ({ throughput_mps: 10 }) },
];

function expectClientError(status: number, label: string) {
  expect(status, label).toBeGreaterThanOrEqual(400);
  expect(status, label).toBeLessThan(500);
}

describe('garbage input never produces a 500', () => {
  it.each(bodyRoutes)('$method $name body: whole bodies and every field replaced', async (route) => {
    for (const value of garbage) {
      const res = await t.app.inject({ method: route.method, url: route.url(), headers: auth(tenant.keys.all!, { 'content-type': 'application/json' }), payload: JSON.stringify(value) });
      expectClientError(res.statusCode, `${route.method} ${JSON.stringify(value).slice(0, 80)}`);
      expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    for (const field of Object.keys(route.valid())) {
      for (const value of garbage) {
        const payload = { ...route.valid(), [field]: value };
        const res = await t.app.inject({ method: route.method, url: route.url(), headers: auth(tenant.keys.all!), payload });
        expect(res.statusCode, `${field}=${JSON.stringify(value).slice(0, 80)}`).toBeLessThan(500);
      }
    }
  });

  it.each(bodyRoutes)('$method $name: missing body, malformed JSON, wrong content type, too large', async (route) => {
    const headers = auth(tenant.keys.all!);
    const missing = await t.app.inject({ method: route.method, url: route.url(), headers });
    expect(missing.statusCode).toBe(400);
    const malformed = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'application/json' }, payload: '{"channel_id": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_json');
    const csv = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(csv.statusCode).toBe(415);
    // Fastify parses text/plain as a string, which then fails validation.
    const text = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'text/plain' }, payload: 'hi' });
    expect(text.statusCode).toBe(400);
    const huge = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'a'.repeat(70 * 1024) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
    const poisoned = await t.app.inject({ method: route.method, url: route.url(), headers: { ...headers, 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' });
    expect(poisoned.statusCode).toBe(400);
  });

  it('path parameters and query strings of every kind', async () => {
    const ids = ['1', 'ü', '%F0%9F%98%80', '%00', 'x'.repeat(5000), '00000000-0000-0000-0000-000000000000', '019a0000-0000-7000-8000-00000000000G', '..%2F..%2Fetc'];
    for (const id of ids) {
      for (const [method, base] of [['GET', 'messages'], ['GET', 'channels'], ['PATCH', 'channels'], ['DELETE', 'channels']] as const) {
        const res = await t.app.inject({ method, url: `/api/v1/${base}/${id}`, headers: auth(tenant.keys.all!), ...(method === 'PATCH' ? { payload: { throughput_mps: 5 } } : {}) });
        expectClientError(res.statusCode, `${method} ${base}/${id.slice(0, 40)}`);
      }
    }
    const queries = ['?limit=1e309', '?limit=99999999999999999999', '?since=9999-99-99T99:99:99Z', '?cursor=' + 'A'.repeat(10_000), '?status[]=x', '?status[a]=1', '?cursor=%F0%9F%98%80', '?since=%00'];
    for (const query of queries) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/messages${query}`, headers: auth(tenant.keys.all!) });
      expectClientError(res.statusCode, query.slice(0, 60));
    }
  });

  it('headers of every kind', async () => {
    for (const authorization of ['Bearer ' + 'x'.repeat(10_000), 'Bearer sb_live_' + '😀'.repeat(40), 'bearer   ', '\tBearer x']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: { authorization } });
      expect(res.statusCode).toBe(401);
    }
    for (const key of ['', ' ', 'ä', 'k'.repeat(300)]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/messages', headers: auth(tenant.keys.all!, { 'idempotency-key': key }), payload: validMessage() });
      expectClientError(res.statusCode, `idempotency-key ${JSON.stringify(key).slice(0, 20)}`);
    }
  });
});
