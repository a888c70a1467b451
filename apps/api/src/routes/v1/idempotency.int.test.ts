import { pruneExpiredIdempotencyRecords } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, startV1TestApp, type Tenant, type V1TestApp } from './v1-test-harness';

let t: V1TestApp;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  t = await startV1TestApp();
  tenant = await t.createTenant();
  other = await t.createTenant();
});
afterAll(async () => t?.close());

// Templates need no open window, so these tests need no inbound history.
const template = (name: string, channelId = tenant.channelId) => ({
  channel_id: channelId,
  to: '+4915551230000',
  type: 'template',
  template: { name, language: { code: 'en' } },
});

const post = (payload: unknown, key: string | undefined, apiKey = tenant.keys.all!) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/messages',
    headers: auth(apiKey, key === undefined ? {} : { 'idempotency-key': key }),
    payload: payload as object,
  });

describe('Idempotency-Key on POST /api/v1/messages', () => {
  it('50 parallel requests with one key and one body create exactly one message; the rest replay it or get 409', async () => {
    const key = `parallel-${Date.now()}`;
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(template('parallel'), key)));
    const accepted = responses.filter((r) => r.statusCode === 202);
    const inUse = responses.filter((r) => r.statusCode === 409);
    expect(accepted.length + inUse.length).toBe(50);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    for (const r of accepted) expect(r.json()).toEqual(accepted[0]!.json());
    for (const r of inUse) {
      expect(r.json().error.code).toBe('idempotency_key_in_use');
      expect(r.headers['retry-after']).toBe('1');
    }
    expect(await t.db.prisma.message.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await t.db.prisma.outboxEntry.count({ where: { payload: { equals: { messageId: accepted[0]!.json().id } } } })).toBe(1);
    expect(t.dispatched.filter((d) => d.messageId === accepted[0]!.json().id)).toHaveLength(1);
  });

  it('replays the original response for the same body (any key order), with Idempotent-Replayed', async () => {
    const key = `replay-${Date.now()}`;
    const first = await post(template('replay'), key);
    expect(first.statusCode).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const { template: tpl, type, to, channel_id } = template('replay');
    const second = await post({ template: tpl, type, to, channel_id }, key);
    expect(second.statusCode).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    // The body field works like the header.
    const third = await post({ ...template('replay'), idempotency_key: key }, undefined);
    expect(third.json().id).toBe(first.json().id);
    expect(await t.db.prisma.message.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('answers 422 idempotency_key_mismatch for the same key with another body', async () => {
    const key = `mismatch-${Date.now()}`;
    expect((await post(template('first'), key)).statusCode).toBe(202);
    const res = await post(template('second'), key);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('idempotency_key_mismatch');
    expect(await t.db.prisma.message.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  it('keeps keys per workspace: another workspace may use the same key', async () => {
    const key = `shared-${Date.now()}`;
    const mine = await post(template('ws'), key);
    const theirs = await post(template('ws', other.channelId), key, other.keys.all!);
    expect(theirs.statusCode).toBe(202);
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('does not store validation failures: the key can be retried with a fixed body', async () => {
    const key = `invalid-${Date.now()}`;
    const bad = await post({ ...template('x'), to: 'not-a-phone' }, key);
    expect(bad.statusCode).toBe(400);
    const closed = await post({ channel_id: tenant.channelId, to: '4915559990000', type: 'text', text: { body: 'hi' } }, key);
    expect(closed.statusCode).toBe(422);
    const good = await post(template('fixed'), key);
    expect(good.statusCode).toBe(202);
    expect(await t.db.prisma.idempotencyRecord.count({ where: { key } })).toBe(1);
  });

  it('treats a key as new after its 7 days, and the pruning job deletes expired records', async () => {
    const key = `expiry-${Date.now()}`;
    const first = await post(template('expiry'), key);
    const record = await t.db.prisma.idempotencyRecord.findFirstOrThrow({ where: { key } });
    expect(record.expiresAt.getTime() - record.createdAt.getTime()).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000 - 1000);
    await t.db.prisma.idempotencyRecord.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const again = await post(template('expiry'), key);
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json().id).not.toBe(first.json().id);

    const stale = `stale-${Date.now()}`;
    await post(template('stale'), stale);
    await t.db.prisma.idempotencyRecord.updateMany({ where: { key: stale }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await pruneExpiredIdempotencyRecords(t.db.prisma, new Date(), { batchSize: 1 })).toBeGreaterThanOrEqual(1);
    expect(await t.db.prisma.idempotencyRecord.count({ where: { key: stale } })).toBe(0);
    expect(await t.db.prisma.idempotencyRecord.count({ where: { key } })).toBe(1);
  });

  it('refuses keys over 255 characters, and a header that contradicts the body', async () => {
    expect((await post(template('long'), 'k'.repeat(256))).statusCode).toBe(400);
    const res = await post({ ...template('both'), idempotency_key: 'a' }, 'b');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/idempotency_key/);
  });
});
