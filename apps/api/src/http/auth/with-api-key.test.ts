import { AppError, type ApiKeyAuthenticator, type ApiKeyPrincipal } from '@switchboard/core';
import { createLogger, createMetricsRegistry } from '@switchboard/observability';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../build-server';
import type { RateLimitDecision, RateLimiter } from '../rate-limit/create-rate-limiter';
import { createApiKeyGuard } from './with-api-key';

const GOOD = 'sb_live_good';
const principal: ApiKeyPrincipal = { workspaceId: 'ws', apiKeyId: 'key-1', scopes: ['messages:read'] };

const authenticator: ApiKeyAuthenticator = {
  async authenticate(key) {
    if (key !== GOOD) throw new AppError('unauthorized', 'Invalid or missing API key');
    return principal;
  },
  clear() {},
};

function limiter(allowed: (identity: string) => boolean) {
  const seen: string[] = [];
  const rateLimiter: RateLimiter = {
    limit: 10,
    async consume(identity): Promise<RateLimitDecision> {
      seen.push(identity);
      const ok = allowed(identity);
      return { allowed: ok, limit: 10, remaining: ok ? 9 : 0, resetSeconds: 42, failedOpen: false };
    },
  };
  return { rateLimiter, seen };
}

let app: ReturnType<typeof buildServer>;
afterEach(async () => app?.close());

function server(rateLimiter: RateLimiter) {
  app = buildServer({ logger: createLogger({ service: 't', level: 'silent' }), registry: createMetricsRegistry('t'), checks: {}, bodyLimit: 1024 });
  const withApiKey = createApiKeyGuard({ authenticator, rateLimiter });
  const calls: ApiKeyPrincipal[] = [];
  app.route({ method: 'GET', url: '/read', ...withApiKey(async (_req, _reply, p) => { calls.push(p); return { ok: true }; }, { scopes: ['messages:read'] }) });
  app.route({ method: 'POST', url: '/write', ...withApiKey(async () => ({ ok: true }), { scopes: ['messages:write'] }) });
  return calls;
}

describe('withApiKey', () => {
  it('runs the handler with the principal and sets the rate-limit headers', async () => {
    const { rateLimiter, seen } = limiter(() => true);
    const calls = server(rateLimiter);
    const res = await app.inject({ method: 'GET', url: '/read', headers: { authorization: `Bearer ${GOOD}` } });
    expect(res.statusCode).toBe(200);
    expect(calls).toEqual([principal]);
    expect(seen).toEqual(['key:key-1']);
    expect(res.headers).toMatchObject({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '9', 'x-ratelimit-reset': '42' });
  });

  it.each([
    ['no header', {}],
    ['another scheme', { authorization: `Basic ${GOOD}` }],
    ['a wrong key', { authorization: 'Bearer sb_live_bad' }],
  ])('answers 401 for %s, limited per client address', async (_label, headers) => {
    const { rateLimiter, seen } = limiter(() => true);
    const calls = server(rateLimiter);
    const res = await app.inject({ method: 'GET', url: '/read', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="switchboard"');
    expect(res.headers['x-ratelimit-limit']).toBe('10');
    expect(seen).toEqual(['ip:127.0.0.1']);
    expect(calls).toEqual([]);
  });

  it('answers 403 for a missing scope before reading the body', async () => {
    const { rateLimiter } = limiter(() => true);
    server(rateLimiter);
    const res = await app.inject({ method: 'POST', url: '/write', headers: { authorization: `Bearer ${GOOD}`, 'content-type': 'application/json' }, payload: '{broken' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });

  it('checks the key before the body: a stranger cannot make the server parse it', async () => {
    const { rateLimiter } = limiter(() => true);
    server(rateLimiter);
    const res = await app.inject({ method: 'POST', url: '/write', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(4096) });
    expect(res.statusCode).toBe(401);
  });

  it('answers 429 with Retry-After when over the limit, without running the handler', async () => {
    const { rateLimiter } = limiter(() => false);
    const calls = server(rateLimiter);
    const res = await app.inject({ method: 'GET', url: '/read', headers: { authorization: `Bearer ${GOOD}` } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    expect(res.headers['retry-after']).toBe('42');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(calls).toEqual([]);
  });
});
