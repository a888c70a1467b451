import type { OutboundDispatcher } from '@switchboard/core';
import { createSecretBox, DEV_ENCRYPTION_KEY, type PrismaClient } from '@switchboard/db';
import { createLogger, createMetricsRegistry } from '@switchboard/observability';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context';
import { buildServer } from '../build-server';
import { loadConfig } from '../config';
import { registerV1Routes } from '../routes/v1/register-v1-routes';

// The routes are only registered and asked for the document: no request reaches Postgres or Redis.
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_API_URL: 'https://api.example.test' });
const redis = new Redis(config.REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
const noDispatch: OutboundDispatcher = {
  async dispatchOutbound() {
    throw new Error('not used');
  },
};
const ctx: AppContext = {
  config,
  logger: createLogger({ service: 't', level: 'silent' }),
  registry: createMetricsRegistry('t'),
  prisma: {} as PrismaClient,
  sql: {} as pg.Pool,
  redis,
  secretBox: createSecretBox(DEV_ENCRYPTION_KEY),
  dispatcher: noDispatch,
  providerFetch: undefined,
  async close() {},
};
const app = buildServer({ logger: ctx.logger, registry: ctx.registry, checks: {}, bodyLimit: 1024 });
const registered: { method: string; url: string }[] = [];
app.addHook('onRoute', (route) => {
  for (const method of [route.method].flat()) if (method !== 'HEAD') registered.push({ method, url: route.url });
});
registerV1Routes(app, ctx);
afterAll(async () => {
  await app.close();
  redis.disconnect();
});

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; security: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; parameters?: { name: string; in: string }[] }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

async function documentOf(): Promise<Doc> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('GET /api/v1/openapi.json', () => {
  it('lists every route Fastify serves under /api/v1, with the same method', async () => {
    const doc = await documentOf();
    const apiRoutes = registered.filter((r) => r.url.startsWith('/api/v1/'));
    expect(apiRoutes.length).toBeGreaterThanOrEqual(9);
    for (const route of apiRoutes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented).toHaveLength(apiRoutes.length);
  });

  it('is an OpenAPI 3.1 document with a bearer scheme, unique operation ids and error responses', async () => {
    const doc = await documentOf();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes['apiKey']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas['Error']).toBeDefined();
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        for (const name of path.match(/\{([^}]+)\}/g) ?? []) {
          expect(op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name), `${method} ${path} ${name}`).toBe(true);
        }
        if (path === '/api/v1/openapi.json') continue;
        expect(op.security).toEqual([{ apiKey: [] }]);
        for (const status of ['401', '403', '429', '500']) expect(op.responses[status], `${method} ${path} ${status}`).toBeDefined();
        expect(Object.keys(op.responses).some((s) => s.startsWith('2'))).toBe(true);
      }
    }
  });

  it('describes the send body from the same zod schema: every Cloud API type, the envelope and Idempotency-Key', async () => {
    const doc = await documentOf();
    const send = doc.paths['/api/v1/messages']!['post']!;
    const schema = JSON.stringify(send.requestBody!.content['application/json']!.schema);
    for (const type of ['text', 'template', 'interactive', 'image', 'document', 'audio', 'video', 'sticker', 'location', 'reaction']) {
      expect(schema).toContain(`"const":"${type}"`);
    }
    for (const field of ['channel_id', 'to', 'recipient', 'priority', 'metadata', 'idempotency_key', 'fallback_template']) expect(schema).toContain(`"${field}"`);
    expect(send.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')).toBe(true);
    expect(send.responses['202']!.content!['application/json']!.schema).toMatchObject({ type: 'object' });
    expect(send.responses['422']).toBeDefined();
    expect(send.responses['409']).toBeDefined();
    const list = doc.paths['/api/v1/messages']!['get']!;
    expect(list.parameters?.map((p) => p.name).sort()).toEqual(['channel_id', 'conversation_id', 'cursor', 'limit', 'since', 'status', 'until']);
  });

  it('never documents a secret in a channel response', async () => {
    const doc = await documentOf();
    const created = JSON.stringify(doc.paths['/api/v1/channels']!['post']!.responses['201']);
    expect(created).toContain('webhook_url');
    expect(created).not.toMatch(/access_token|app_secret|verify_token"/);
  });
});
