import { AppError } from '@switchboard/core';
import { createLogger, createMetricsRegistry } from '@switchboard/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from './build-server';

function server(checks: Record<string, () => Promise<boolean>> = { ok: async () => true }) {
  const app = buildServer({
    logger: createLogger({ service: 'api-test', level: 'silent' }),
    registry: createMetricsRegistry('api-test'),
    checks,
    bodyLimit: 64,
  });
  app.post('/echo', async (request) => ({ got: request.body }));
  app.get('/boom', async () => {
    throw new AppError('rate_limited', 'Slow down', { retryAfterSeconds: 7 });
  });
  app.get('/bug', async () => {
    throw new TypeError('undefined is not a function');
  });
  app.get('/db-gone', async () => {
    // What node-postgres throws when pg_terminate_backend killed the connection mid-transaction.
    throw new Error('Client has encountered a connection error and is not queryable');
  });
  return app;
}

let app: ReturnType<typeof server>;
afterEach(async () => app?.close());

describe('api server', () => {
  it('answers unknown routes with the JSON error envelope', async () => {
    app = server();
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /nope' } });
  });

  it('rejects malformed JSON with 400, never 500', async () => {
    app = server();
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"to": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/^Malformed JSON: /) });
  });

  it('refuses prototype poisoning', async () => {
    app = server();
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' });
    expect(res.statusCode).toBe(400);
  });

  it('rejects bodies over the limit with 413', async () => {
    app = server();
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(100) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('rejects non-JSON content types with 415', async () => {
    app = server();
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    expect(res.statusCode).toBe(415);
  });

  it('maps AppErrors through the table and sets Retry-After', async () => {
    app = server();
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toEqual({ error: { code: 'rate_limited', message: 'Slow down' } });
  });

  it('hides the details of unexpected errors behind a 500 envelope', async () => {
    app = server();
    const res = await app.inject({ method: 'GET', url: '/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });

  it('answers a lost database connection with 503 and Retry-After, not 500', async () => {
    app = server();
    const res = await app.inject({ method: 'GET', url: '/db-gone' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json().error.code).toBe('service_unavailable');
  });

  it('propagates the W3C trace id and echoes it', async () => {
    app = server();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-trace-id']).toBe(traceId);
  });

  it('reports readiness per dependency', async () => {
    app = server({ postgres: async () => true, redis: async () => false });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not_ready', checks: { postgres: 'ok', redis: 'fail' } });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    app = server();
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});
