import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let tenant: Tenant;
const ids: string[] = [];
let conversationId: string;

beforeAll(async () => {
  t = await startV1TestApp();
  tenant = await t.createTenant();
  for (let i = 0; i < 5; i += 1) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages',
      headers: auth(tenant.keys.all!),
      payload: { channel_id: tenant.channelId, to: i < 3 ? '15550100' : '15550200', type: 'template', template: { name: `t${i}`, language: { code: 'en' } } },
    });
    ids.push(res.json().id);
    if (i === 0) conversationId = res.json().conversation_id;
  }
  // Four rows with one identical created_at: the cursor must order them by id without losing or repeating any.
  const first = await t.db.prisma.message.findUniqueOrThrow({ where: { id: ids[0]! } });
  const sameTime = new Date('2020-01-01T00:00:00.000Z');
  for (let i = 0; i < 4; i += 1) {
    const row = await t.db.prisma.message.create({
      data: {
        workspaceId: first.workspaceId,
        channelId: first.channelId,
        conversationId: first.conversationId,
        contactId: first.contactId,
        direction: 'outbound',
        type: first.type,
        contentEnc: first.contentEnc,
        source: 'api',
        traceId: first.traceId,
        createdAt: sameTime,
        status: i % 2 ? 'delivered' : 'queued',
      },
    });
    ids.push(row.id);
  }
});
afterAll(async () => t?.close());

const list = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/messages${query}`, headers: auth(tenant.keys.all!) });

describe('GET /api/v1/messages', () => {
  it('walks every message exactly once, newest first, with an opaque cursor', async () => {
    const seen: { id: string; created_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen.map((m) => m.id).sort()).toEqual([...ids].sort());
    const keys = seen.map((m) => `${m.created_at}|${m.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(seen[0]).toMatchObject({ content: expect.objectContaining({ template: expect.any(Object) }) });
  });

  it('filters by status, channel, conversation and time', async () => {
    const delivered = (await list('?status=delivered')).json().data;
    expect(delivered).toHaveLength(2);
    expect(delivered.every((m: { status: string }) => m.status === 'delivered')).toBe(true);
    expect((await list(`?channel_id=${tenant.channelId}&limit=100`)).json().data).toHaveLength(9);
    expect((await list('?channel_id=019a0000-0000-7000-8000-000000000000')).json().data).toHaveLength(0);
    const inConversation = (await list(`?conversation_id=${conversationId}&limit=100`)).json().data;
    expect(inConversation.every((m: { conversation_id: string }) => m.conversation_id === conversationId)).toBe(true);
    expect(inConversation).toHaveLength(7);
    expect((await list('?until=2021-01-01T00:00:00Z&limit=100')).json().data).toHaveLength(4);
    expect((await list('?since=2021-01-01T00:00:00Z&limit=100')).json().data).toHaveLength(5);
  });

  it('clamps limit to 1..100', async () => {
    expect((await list('?limit=0')).json().data).toHaveLength(1);
    expect((await list('?limit=-5')).json().data).toHaveLength(1);
    expect((await list('?limit=100000')).json().data).toHaveLength(9);
    expect((await list('')).json().data).toHaveLength(9);
  });

  it('refuses bad query values with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['?status=bogus', 'status'],
      ['?channel_id=1', 'channel_id'],
      ['?since=yesterday', 'since'],
      ['?cursor=%%%', 'cursor'],
      ['?cursor=AAAA', 'cursor'],
      ['?limit=abc', 'limit'],
      ['?limit=1&limit=2', 'limit'],
      ['?since=2022-01-01T00:00:00Z&until=2021-01-01T00:00:00Z', 'since'],
      ['?unknown=1', '(root)'],
    ] as const) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error), query).toContain(field);
    }
  });
});
