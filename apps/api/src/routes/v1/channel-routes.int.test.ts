import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  t = await startV1TestApp();
  tenant = await t.createTenant({ read: ['channels:read'], messages: ['messages:write'] });
  other = await t.createTenant();
});
afterAll(async () => t?.close());

const body = (phone: string) => ({
  phone_number_id: phone,
  waba_id: '2000',
  display_phone_number: '+1 555 123 4567',
  access_token: 'EAAG-secret-token',
  app_secret: 'app-secret-value',
  verify_token: 'verify-me',
});

describe('channels API', () => {
  it('creates a channel, encrypts its secrets and never returns them', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/channels', headers: auth(tenant.keys.all!), payload: body('5550001') });
    expect(res.statusCode).toBe(201);
    const channel = res.json();
    expect(channel).toMatchObject({
      phone_number_id: '5550001',
      waba_id: '2000',
      kind: 'cloud',
      status: 'active',
      throughput_mps: 80,
      webhook_url: 'https://api.example.test/api/webhooks/whatsapp',
    });
    expect(res.body).not.toMatch(/EAAG-secret-token|app-secret-value|verify-me|access_token|app_secret|verify_token/);
    const row = await t.db.prisma.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.accessTokenEnc).not.toContain('EAAG');
    expect(t.ctx.secretBox.decrypt(row.accessTokenEnc)).toBe('EAAG-secret-token');
    expect(t.ctx.secretBox.decrypt(row.appSecretEnc)).toBe('app-secret-value');
    expect(row.verifyTokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 409 for a phone_number_id already connected, in any workspace', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/channels', headers: auth(other.keys.all!), payload: body('5550001') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('lists, reads, changes and soft-deletes; re-adding a deleted number restores it', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/channels', headers: auth(tenant.keys.all!), payload: { ...body('5550002'), throughput_mps: 200 } })).json();
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/channels', headers: auth(tenant.keys.read!) });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((c: { id: string }) => c.id)).toContain(created.id);

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/channels/${created.id}`, headers: auth(tenant.keys.all!), payload: { throughput_mps: 1000, access_token: 'new-token' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().throughput_mps).toBe(1000);
    const row = await t.db.prisma.channel.findUniqueOrThrow({ where: { id: created.id } });
    expect(t.ctx.secretBox.decrypt(row.accessTokenEnc)).toBe('new-token');

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/channels/${created.id}`, headers: auth(tenant.keys.all!) });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/channels/${created.id}`, headers: auth(tenant.keys.all!) })).statusCode).toBe(404);
    expect((await t.db.prisma.channel.findUniqueOrThrow({ where: { id: created.id } })).deletedAt).not.toBeNull();

    const restored = await t.app.inject({ method: 'POST', url: '/api/v1/channels', headers: auth(tenant.keys.all!), payload: body('5550002') });
    expect(restored.statusCode).toBe(201);
    expect(restored.json().id).toBe(created.id);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...body('5550003'), throughput_mps: 0 }, 'throughput_mps'],
      [{ ...body('5550003'), throughput_mps: 1001 }, 'throughput_mps'],
      [{ ...body('5550003'), phone_number_id: 'abc' }, 'phone_number_id'],
      [{ ...body('5550003'), access_token: '' }, 'access_token'],
      [{ ...body('5550003'), extra: 1 }, '(root)'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/channels', headers: auth(tenant.keys.all!), payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const noPatch = await t.app.inject({ method: 'PATCH', url: `/api/v1/channels/${tenant.channelId}`, headers: auth(tenant.keys.all!), payload: {} });
    expect(noPatch.statusCode).toBe(400);
    const phoneChange = await t.app.inject({ method: 'PATCH', url: `/api/v1/channels/${tenant.channelId}`, headers: auth(tenant.keys.all!), payload: { phone_number_id: '1' } });
    expect(phoneChange.statusCode).toBe(400);
  });
});
