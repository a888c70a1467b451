import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let tenant: Tenant;

beforeAll(async () => {
  t = await startV1TestApp();
  tenant = await t.createTenant();
});
afterAll(async () => t?.close());

let phoneSeq = 0;
/** A fresh recipient whose 24 h window is open (as if they had just written to us). */
async function openWindowContact(): Promise<string> {
  phoneSeq += 1;
  const waId = `1555${String(Date.now()).slice(-6)}${phoneSeq}`;
  const contact = await t.db.prisma.contact.create({ data: { workspaceId: tenant.workspaceId, waId } });
  await t.db.prisma.conversation.create({
    data: { workspaceId: tenant.workspaceId, channelId: tenant.channelId, contactId: contact.id, windowExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  return waId;
}

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/messages', headers: auth(tenant.keys.all!, headers), payload: payload as object });

describe('POST /api/v1/messages', () => {
  it('commits message, queued event and outbox entry, then dispatches, and answers 202', async () => {
    const to = await openWindowContact();
    const res = await post({ channel_id: tenant.channelId, to: `+${to}`, type: 'text', text: { body: 'hello 👋' }, priority: 'high', metadata: { order: 42 } }, { 'x-trace-id': 'a'.repeat(32) });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toMatchObject({ status: 'queued', channel_id: tenant.channelId, to, type: 'text', priority: 'high', metadata: { order: 42 }, fallback_template_used: false, trace_id: 'a'.repeat(32) });

    const row = await t.db.prisma.message.findUniqueOrThrow({ where: { id: body.id }, include: { events: true } });
    expect(row).toMatchObject({ status: 'queued', source: 'api', direction: 'outbound', traceId: 'a'.repeat(32), priority: 'high' });
    expect(row.contentEnc).not.toContain('hello');
    expect(t.ctx.secretBox.decryptJson(row.contentEnc)).toEqual({ text: { body: 'hello 👋' } });
    expect(row.events.map((e) => e.status)).toEqual(['queued']);
    const outbox = await t.db.prisma.outboxEntry.findMany({ where: { topic: 'outbound.send' } });
    expect(outbox.some((o) => (o.payload as { messageId: string }).messageId === body.id)).toBe(true);
    expect(t.dispatched).toContainEqual({ messageId: body.id, workspaceId: tenant.workspaceId, channelId: tenant.channelId, priority: 'high' });
  });

  it('validates with Meta limits before storing anything, naming the field', async () => {
    const before = await t.db.prisma.message.count();
    const cases: [unknown, string][] = [
      [{ channel_id: tenant.channelId, to: '15551234', type: 'text', text: { body: 'x'.repeat(4097) } }, 'text.body'],
      [{ channel_id: tenant.channelId, type: 'text', text: { body: 'hi' } }, 'to'],
      [{ channel_id: tenant.channelId, to: 'abc', type: 'text', text: { body: 'hi' } }, 'to'],
      [{ channel_id: 'nope', to: '15551234', type: 'text', text: { body: 'hi' } }, 'channel_id'],
      [{ channel_id: tenant.channelId, to: '15551234', type: 'fax', fax: {} }, 'type'],
      [{ channel_id: tenant.channelId, to: '15551234', type: 'text', text: { body: 'hi' }, priority: 'urgent' }, 'priority'],
      [{ channel_id: tenant.channelId, to: '15551234', type: 'interactive', interactive: { type: 'button', body: { text: 'b' }, action: { buttons: [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `t${i}` } })) } } }, 'interactive.action.buttons'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { field: string }) => d.field).join(' '), JSON.stringify(payload)).toContain(field);
    }
    expect(await t.db.prisma.message.count()).toBe(before);
  });

  it('answers 404 for an unknown or deleted channel', async () => {
    const res = await post({ channel_id: '019a0000-0000-7000-8000-000000000000', to: '15551234', type: 'template', template: { name: 'hello', language: { code: 'en_US' } } });
    expect(res.statusCode).toBe(404);
  });
});

describe('24-hour customer service window', () => {
  it('rejects a free-form message to a contact who never wrote, with a clear code, storing nothing', async () => {
    const before = await t.db.prisma.message.count();
    const res = await post({ channel_id: tenant.channelId, to: '4915550000001', type: 'text', text: { body: 'hi' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('outside_customer_service_window');
    expect(await t.db.prisma.message.count()).toBe(before);
  });

  it('rejects when the window has expired', async () => {
    const to = await openWindowContact();
    await t.db.prisma.conversation.updateMany({ where: { contact: { waId: to } }, data: { windowExpiresAt: new Date(Date.now() - 1000) } });
    const res = await post({ channel_id: tenant.channelId, to, type: 'image', image: { link: 'https://example.com/a.png' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('outside_customer_service_window');
  });

  it('accepts a template outside the window', async () => {
    const res = await post({ channel_id: tenant.channelId, to: '4915550000002', type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ type: 'template', fallback_template_used: false });
  });

  it('sends fallback_template instead when the window is closed, and records it', async () => {
    const res = await post({
      channel_id: tenant.channelId,
      to: '4915550000003',
      type: 'text',
      text: { body: 'free form' },
      fallback_template: { name: 'reengage', language: { code: 'en' } },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ type: 'template', fallback_template_used: true });
    const row = await t.db.prisma.message.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(row.type).toBe('template');
    expect(t.ctx.secretBox.decryptJson(row.contentEnc)).toEqual({ template: { name: 'reengage', language: { code: 'en' } } });
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${row.id}`, headers: auth(tenant.keys.all!) });
    expect(got.json().events[0]).toMatchObject({ status: 'queued', fallback_template: { requested_type: 'text', reason: 'outside_customer_service_window' } });
  });

  it('sends the requested message, not the fallback, while the window is open', async () => {
    const to = await openWindowContact();
    const res = await post({ channel_id: tenant.channelId, to, type: 'text', text: { body: 'in window' }, fallback_template: { name: 'reengage', language: { code: 'en' } } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ type: 'text', fallback_template_used: false });
  });
});

describe('GET /api/v1/messages/{id}', () => {
  it('returns the decrypted content, status, wamid, error with Meta meaning, and the ordered timeline', async () => {
    const to = await openWindowContact();
    const { id } = (await post({ channel_id: tenant.channelId, to, type: 'text', text: { body: 'track me' } })).json();
    const t0 = Date.now();
    await t.db.prisma.messageEvent.createMany({
      data: [
        { workspaceId: tenant.workspaceId, messageId: id, status: 'failed', at: new Date(t0 + 2000), source: 'meta', errorCode: 131026, traceId: 'x' },
        { workspaceId: tenant.workspaceId, messageId: id, status: 'sent', at: new Date(t0 + 1000), source: 'meta', traceId: 'x' },
      ],
    });
    await t.db.prisma.message.update({ where: { id }, data: { status: 'failed', wamid: 'wamid.ABC', errorCode: 131026, lastError: { message: 'Message undeliverable' } } });

    const res = await t.app.inject({ method: 'GET', url: `/api/v1/messages/${id}`, headers: auth(tenant.keys.all!) });
    expect(res.statusCode).toBe(200);
    const message = res.json();
    expect(message).toMatchObject({ id, status: 'failed', wamid: 'wamid.ABC', type: 'text', content: { text: { body: 'track me' } } });
    expect(message.error).toMatchObject({ code: 131026, title: expect.any(String), message: 'Message undeliverable' });
    expect(message.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sent', 'failed']);
    expect(message.events[2].error.code).toBe(131026);
  });

  it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/messages/123', headers: auth(tenant.keys.all!) })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/messages/019a0000-0000-7000-8000-000000000000', headers: auth(tenant.keys.all!) })).statusCode).toBe(404);
  });
});
