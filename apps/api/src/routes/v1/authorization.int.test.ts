import { generateApiKey } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiV1Routes } from './register-v1-routes';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let mine: Tenant;
let theirs: Tenant;
let theirMessageId: string;
let theirConversationId: string;
let theirEndpointId: string;
let theirEventId: string;
let theirBotId: string;
let theirDocumentId: string;
let revokedKey: string;
let expiredKey: string;

beforeAll(async () => {
  t = await startV1TestApp();
  mine = await t.createTenant({ none: [], webhooks: ['webhooks:write'], others: ['messages:write', 'messages:read', 'channels:write', 'channels:read', 'bots:write', 'conversations:write'] });
  theirs = await t.createTenant();
  theirEndpointId = (await t.db.prisma.webhookEndpoint.create({
    data: { workspaceId: theirs.workspaceId, url: 'https://hooks.example.test/theirs', eventTypes: [], secretEnc: t.ctx.secretBox.encrypt('whsec_x') },
  })).id;
  theirEventId = (await t.db.prisma.webhookEvent.create({
    data: { workspaceId: theirs.workspaceId, type: 'message.sent', payloadEnc: t.ctx.secretBox.encrypt('{}'), expiresAt: new Date(Date.now() + 86_400_000) },
  })).id;
  theirBotId = (await t.db.prisma.bot.create({ data: { workspaceId: theirs.workspaceId, name: 'Theirs', mode: 'agent' } })).id;
  theirDocumentId = (await t.db.prisma.knowledgeDocument.create({ data: { workspaceId: theirs.workspaceId, botId: theirBotId, title: 'theirs', content: 'x' } })).id;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/api/v1/messages',
    headers: auth(theirs.keys.all!),
    payload: { channel_id: theirs.channelId, to: '15550001', type: 'template', template: { name: 'x', language: { code: 'en' } } },
  });
  theirMessageId = sent.json().id;
  theirConversationId = (await t.db.prisma.message.findUniqueOrThrow({ where: { id: theirMessageId } })).conversationId!;
  for (const [state, data] of [['revoked', { revokedAt: new Date() }], ['expired', { expiresAt: new Date(Date.now() - 1000) }]] as const) {
    const generated = generateApiKey();
    await t.db.prisma.apiKey.create({
      data: { workspaceId: mine.workspaceId, name: state, prefix: generated.prefix, hash: generated.hash, scopes: ['messages:write', 'messages:read', 'channels:write'], ...data },
    });
    if (state === 'revoked') revokedKey = generated.key;
    else expiredKey = generated.key;
  }
});
afterAll(async () => t?.close());

interface Case {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: string;
  url: () => string;
  payload?: () => object;
  /** A request by `mine` aimed at `theirs`'s object, which must look missing. */
  crossWorkspace?: { url: () => string; payload?: () => object };
}

const cases: Case[] = [
  {
    method: 'POST',
    route: '/api/v1/messages',
    url: () => '/api/v1/messages',
    payload: () => ({ channel_id: mine.channelId, to: '15550002', type: 'template', template: { name: 'x', language: { code: 'en' } } }),
    crossWorkspace: {
      url: () => '/api/v1/messages',
      payload: () => ({ channel_id: theirs.channelId, to: '15550002', type: 'template', template: { name: 'x', language: { code: 'en' } } }),
    },
  },
  { method: 'GET', route: '/api/v1/messages', url: () => '/api/v1/messages' },
  {
    method: 'GET',
    route: '/api/v1/messages/:id',
    url: () => `/api/v1/messages/${theirMessageId}`,
    crossWorkspace: { url: () => `/api/v1/messages/${theirMessageId}` },
  },
  {
    method: 'GET',
    route: '/api/v1/conversations/:id',
    url: () => `/api/v1/conversations/${theirConversationId}`,
    crossWorkspace: { url: () => `/api/v1/conversations/${theirConversationId}` },
  },
  ...(['handoff', 'resume'] as const).map((action) => ({
    method: 'POST' as const,
    route: `/api/v1/conversations/:id/${action}`,
    url: () => `/api/v1/conversations/${theirConversationId}/${action}`,
    payload: () => ({ reason: 'test' }),
    crossWorkspace: { url: () => `/api/v1/conversations/${theirConversationId}/${action}`, payload: () => ({ reason: 'test' }) },
  })),
  {
    method: 'POST',
    route: '/api/v1/channels',
    url: () => '/api/v1/channels',
    payload: () => ({ phone_number_id: '777', waba_id: '1', display_phone_number: '+1 555', access_token: 'a', app_secret: 'b', verify_token: 'c' }),
  },
  { method: 'GET', route: '/api/v1/channels', url: () => '/api/v1/channels' },
  { method: 'GET', route: '/api/v1/channels/:id', url: () => `/api/v1/channels/${theirs.channelId}`, crossWorkspace: { url: () => `/api/v1/channels/${theirs.channelId}` } },
  {
    method: 'PATCH',
    route: '/api/v1/channels/:id',
    url: () => `/api/v1/channels/${theirs.channelId}`,
    payload: () => ({ throughput_mps: 5 }),
    crossWorkspace: { url: () => `/api/v1/channels/${theirs.channelId}`, payload: () => ({ throughput_mps: 5 }) },
  },
  { method: 'DELETE', route: '/api/v1/channels/:id', url: () => `/api/v1/channels/${theirs.channelId}`, crossWorkspace: { url: () => `/api/v1/channels/${theirs.channelId}` } },
  { method: 'POST', route: '/api/v1/webhook-endpoints', url: () => '/api/v1/webhook-endpoints', payload: () => ({ url: 'http://127.0.0.1:9/hook' }) },
  { method: 'GET', route: '/api/v1/webhook-endpoints', url: () => '/api/v1/webhook-endpoints' },
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method) => ({
    method,
    route: '/api/v1/webhook-endpoints/:id',
    url: () => `/api/v1/webhook-endpoints/${theirEndpointId}`,
    ...(method === 'PATCH' ? { payload: () => ({ enabled: false }) } : {}),
    crossWorkspace: { url: () => `/api/v1/webhook-endpoints/${theirEndpointId}`, ...(method === 'PATCH' ? { payload: () => ({ enabled: false }) } : {}) },
  })),
  ...(['rotate-secret', 'replay', 'deliveries'] as const).map((action) => ({
    method: action === 'deliveries' ? ('GET' as const) : ('POST' as const),
    route: `/api/v1/webhook-endpoints/:id/${action}`,
    url: () => `/api/v1/webhook-endpoints/${theirEndpointId}/${action}`,
    ...(action === 'replay' ? { payload: () => ({ since: '2020-01-01T00:00:00Z' }) } : {}),
    crossWorkspace: {
      url: () => `/api/v1/webhook-endpoints/${theirEndpointId}/${action}`,
      ...(action === 'replay' ? { payload: () => ({ since: '2020-01-01T00:00:00Z' }) } : {}),
    },
  })),
  { method: 'GET', route: '/api/v1/events', url: () => '/api/v1/events' },
  {
    method: 'POST',
    route: '/api/v1/bots/:bot_id/documents',
    url: () => `/api/v1/bots/${theirBotId}/documents?name=faq`,
    payload: () => ({ text: 'an upload, sent as JSON here: only the guard and the bot lookup are under test' }),
    crossWorkspace: { url: () => `/api/v1/bots/${theirBotId}/documents?name=theirs`, payload: () => ({ text: 'x' }) },
  },
  { method: 'GET', route: '/api/v1/bots/:bot_id/documents', url: () => `/api/v1/bots/${theirBotId}/documents`, crossWorkspace: { url: () => `/api/v1/bots/${theirBotId}/documents` } },
  {
    method: 'DELETE',
    route: '/api/v1/bots/:bot_id/documents/:id',
    url: () => `/api/v1/bots/${theirBotId}/documents/${theirDocumentId}`,
    crossWorkspace: { url: () => `/api/v1/bots/${theirBotId}/documents/${theirDocumentId}` },
  },
  { method: 'POST', route: '/api/v1/events/:id/replay', url: () => `/api/v1/events/${theirEventId}/replay`, crossWorkspace: { url: () => `/api/v1/events/${theirEventId}/replay` } },
];

/** The scopes each route needs, from the route table itself. */
const routeScopes = (): Map<string, readonly string[]> =>
  new Map(apiV1Routes(routeDeps()).map((r) => [`${r.method} ${r.url}`, r.scopes]));
const routeDeps = () => ({
  messages: { prisma: t.db.prisma, sql: t.ctx.sql, secretBox: t.ctx.secretBox, dispatcher: t.ctx.dispatcher },
  channels: { prisma: t.db.prisma, secretBox: t.ctx.secretBox, webhookUrl: 'x' },
  webhooks: { prisma: t.db.prisma, secretBox: t.ctx.secretBox, secretGraceMs: 1, urlPolicy: {} },
});

describe('authorization on every /api/v1 route', () => {
  it('covers every route of the table', () => {
    const table = apiV1Routes(routeDeps()).map((r) => `${r.method} ${r.url}`);
    expect(cases.map((c) => `${c.method} ${c.route}`).sort()).toEqual(table.sort());
  });

  describe.each(cases)('$method $route', (c) => {
    const request = (headers: Record<string, string>) =>
      t.app.inject({ method: c.method, url: c.url(), headers, ...(c.payload ? { payload: c.payload() } : {}) });

    it('401 without a key, with a malformed or unknown key, and with a revoked or expired key', async () => {
      const unknown = generateApiKey().key;
      for (const headers of [
        {},
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: 'Bearer' },
        { authorization: 'Bearer not-a-key' },
        auth(unknown),
        auth(revokedKey),
        auth(expiredKey),
      ]) {
        const res = await request(headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.headers['x-ratelimit-limit']).toBeDefined();
      }
    });

    it('403 for a key without the scope', async () => {
      const needed = routeScopes().get(`${c.method} ${c.route}`) ?? [];
      // Every key of `mine` that holds none of the scopes this route accepts.
      const lacking = needed.some((scope) => scope.startsWith('webhooks:')) ? [mine.keys.none!, mine.keys.others!] : [mine.keys.none!, mine.keys.webhooks!];
      for (const key of lacking) {
        const res = await request(auth(key));
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
    });

    if (c.crossWorkspace) {
      const cross = c.crossWorkspace;
      it('404 for another workspace\'s object, which is left untouched', async () => {
        const snapshot = async () => ({
          channel: await t.db.prisma.channel.findUniqueOrThrow({ where: { id: theirs.channelId } }),
          endpoint: await t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: theirEndpointId } }),
          deliveries: await t.db.prisma.webhookDelivery.count({ where: { workspaceId: theirs.workspaceId } }),
          conversation: await t.db.prisma.conversation.findUniqueOrThrow({ where: { id: theirConversationId } }),
          audit: await t.db.prisma.auditLog.count({ where: { workspaceId: theirs.workspaceId } }),
          knowledge: await t.db.prisma.knowledgeDocument.findMany({ where: { workspaceId: theirs.workspaceId } }),
        });
        const before = await snapshot();
        const res = await t.app.inject({ method: c.method, url: cross.url(), headers: auth(mine.keys.all!), ...(cross.payload ? { payload: cross.payload() } : {}) });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('not_found');
        expect(await snapshot()).toEqual(before);
      });
    }
  });

  it('lists only the caller\'s own messages and channels', async () => {
    const messages = await t.app.inject({ method: 'GET', url: '/api/v1/messages?limit=100', headers: auth(mine.keys.all!) });
    expect(messages.json().data.map((m: { id: string }) => m.id)).not.toContain(theirMessageId);
    const channels = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(mine.keys.all!) });
    expect(channels.json().data.map((c: { id: string }) => c.id)).toEqual([mine.channelId]);
    const filtered = await t.app.inject({ method: 'GET', url: `/api/v1/messages?channel_id=${theirs.channelId}`, headers: auth(mine.keys.all!) });
    expect(filtered.json().data).toEqual([]);
  });

  it('reads accept channels:read or channels:write, writes need channels:write', async () => {
    const reader = await t.createTenant({ read: ['channels:read'] });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(reader.keys.read!) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/channels/${reader.channelId}`, headers: auth(reader.keys.read!) })).statusCode).toBe(403);
  });

  it('records last_used_at when a key is used', async () => {
    const row = await t.db.prisma.apiKey.findFirstOrThrow({ where: { workspaceId: mine.workspaceId, name: 'all' } });
    expect(row.lastUsedAt).not.toBeNull();
  });
});
