// Endpoint use-cases and delivery bookkeeping on a real Postgres: URL rules at save time (the SSRF
// corpus included), the secret shown once, rotation, the 5-day disable rule, replay windows, pruning.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { BYPASS_CORPUS, bypassCorpusLookup } from '@switchboard/safe-http';
import { createWebhookRetryPolicy, decodeWebhookSecret } from '@switchboard/webhooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { claimDueDeliveries } from './claim-due-deliveries';
import { createWebhookEndpoint } from './create-webhook-endpoint';
import { fanOutCustomerEvents } from './fan-out-customer-events';
import { listWebhookEndpoints } from './list-webhook-endpoints';
import { pruneWebhookEvents } from './prune-webhook-events';
import { recordDeliveryAttempt } from './record-delivery-attempt';
import { recordCustomerEvent } from './customer-event-outbox';
import { replayWebhookEvent } from './replay-webhook-event';
import { rotateWebhookSecret } from './rotate-webhook-secret';
import { updateWebhookEndpoint } from './update-webhook-endpoint';
import type { WebhookEndpointDeps } from './webhook-endpoint-deps';

const DAY = 86_400_000;
let db: TestDatabase;
let deps: WebhookEndpointDeps;
let pool: pg.Pool;
let workspaceId: string;
const actor = { type: 'api_key' as const, id: 'test' };

beforeAll(async () => {
  db = await createTestDatabase('webhook_endpoints');
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  deps = {
    prisma: db.prisma,
    secretBox: createSecretBox(DEV_ENCRYPTION_KEY),
    secretGraceMs: DAY,
    urlPolicy: { allowHttp: false, lookup: async () => [{ address: '93.184.216.34', family: 4 }] },
  };
  workspaceId = (await db.prisma.workspace.create({ data: { name: 'W', slug: 'w' } })).id;
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; details: unknown } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, details: error.details };
  }
}

describe('webhook endpoints', () => {
  it('show the whsec_ secret once, store it encrypted, and never list it', async () => {
    const created = await createWebhookEndpoint(deps, workspaceId, { url: 'https://hooks.example.com/in', event_types: ['message.read', 'message.read'], enabled: true });
    expect(decodeWebhookSecret(created.secret)).toHaveLength(32);
    expect(created.event_types).toEqual(['message.read']);
    const row = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEnc).not.toContain(created.secret.slice(6));
    expect(deps.secretBox.decrypt(row.secretEnc)).toBe(created.secret);
    expect(JSON.stringify(await listWebhookEndpoints(deps, workspaceId))).not.toContain('whsec_');
  });

  it('require https outside development', async () => {
    expect(await refusal(createWebhookEndpoint(deps, workspaceId, { url: 'http://hooks.example.com/in', event_types: [], enabled: true })))
      .toMatchObject({ code: 'validation_failed', details: [{ field: 'url', reason: 'scheme' }] });
  });

  it('refuse every URL of the SSRF corpus at save time, with the rule that refused it', async () => {
    const policy = { ...deps, urlPolicy: { allowHttp: true, lookup: bypassCorpusLookup } };
    for (const c of BYPASS_CORPUS) {
      const result = await refusal(createWebhookEndpoint(policy, workspaceId, { url: c.url, event_types: [], enabled: true }));
      expect(result, c.url).toMatchObject({ code: 'validation_failed', details: [{ field: 'url', reason: c.reason }] });
    }
    expect(await db.prisma.webhookEndpoint.count({ where: { workspaceId } })).toBe(1);
  });

  it('rotation keeps the old secret for the grace period, and a second rotation drops the oldest', async () => {
    const created = await createWebhookEndpoint(deps, workspaceId, { url: 'https://hooks.example.com/rot', event_types: [], enabled: true });
    const first = await rotateWebhookSecret(deps, workspaceId, created.id, actor);
    const row = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(deps.secretBox.decrypt(row.previousSecretEnc!)).toBe(created.secret);
    expect(Date.parse(first.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(DAY - 10_000);
    const second = await rotateWebhookSecret(deps, workspaceId, created.id, actor);
    const after = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(deps.secretBox.decrypt(after.previousSecretEnc!)).toBe(first.secret);
    expect(deps.secretBox.decrypt(after.secretEnc)).toBe(second.secret);
    expect(await db.prisma.auditLog.count({ where: { action: 'webhook_endpoint.secret_rotated', targetId: created.id } })).toBe(2);
  });

  it('an endpoint failing for 5 days in a row is disabled with an audit entry; a success resets the streak', async () => {
    const other = (await db.prisma.workspace.create({ data: { name: 'F', slug: 'f' } })).id;
    const created = await createWebhookEndpoint(deps, other, { url: 'https://hooks.example.com/fail', event_types: [], enabled: true });
    const policy = createWebhookRetryPolicy();
    const channel = await db.prisma.channel.create({
      data: { workspaceId: other, kind: 'cloud', phoneNumberId: '5550001', wabaId: '1', displayPhoneNumber: '1', accessTokenEnc: 'x', appSecretEnc: 'x', verifyTokenEnc: 'x', verifyTokenHash: 'x' },
    });
    const newMessage = async () => (await db.prisma.message.create({
      data: { workspaceId: other, channelId: channel.id, direction: 'outbound', type: 'text', contentEnc: deps.secretBox.encryptJson({ text: { body: 'x' } }), status: 'queued', source: 'api', traceId: 't' },
    })).id;
    const emit = async (messageId: string) => {
      await db.prisma.$transaction((tx) => recordCustomerEvent(tx, { type: 'message.status', workspaceId: other, messageId, from: null, to: 'queued', at: new Date().toISOString() }));
      await fanOutCustomerEvents({ sql: pool, secretBox: deps.secretBox }, { giveUpAfterMs: policy.giveUpAfterMs });
    };
    const failOnce = async (now: Date, ok = false) => {
      const [claimed] = await claimDueDeliveries(pool, { limit: 1, leaseMs: 60_000, now, giveUpAfterMs: policy.giveUpAfterMs });
      expect(claimed).toBeDefined();
      return recordDeliveryAttempt(db.prisma, {
        delivery: claimed!,
        outcome: { ok, statusCode: ok ? 200 : 500, latencyMs: 3, responseExcerpt: null, error: ok ? null : 'HTTP 500', retryAfterMs: undefined, gone: false, refused: false },
        plan: ok ? null : { kind: 'retry', at: new Date(now.getTime() + 1), delayMs: 1 },
        now,
        disableAfterMs: policy.disableAfterMs,
      });
    };
    await emit(await newMessage());
    const t0 = new Date();
    expect((await failOnce(t0)).endpointDisabled).toBeNull();
    // A success on day 4 resets the streak …
    expect((await failOnce(new Date(t0.getTime() + 4 * DAY), true)).status).toBe('succeeded');
    await emit(await newMessage());
    const t1 = new Date(t0.getTime() + 4 * DAY + 1000);
    expect((await failOnce(t1)).endpointDisabled).toBeNull();
    expect((await failOnce(new Date(t1.getTime() + 5 * DAY - 1000))).endpointDisabled).toBeNull();
    // … so only 5 days after the first failure of the new streak is it disabled.
    const disabled = await failOnce(new Date(t1.getTime() + 5 * DAY));
    expect(disabled).toMatchObject({ endpointDisabled: 'failing', status: 'pending' });
    const row = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: 'failing' });
    expect(await db.prisma.webhookDelivery.count({ where: { endpointId: created.id, status: { in: ['pending', 'delivering'] } } })).toBe(0);
    expect(await db.prisma.auditLog.findFirst({ where: { action: 'webhook_endpoint.disabled', targetId: created.id } })).toMatchObject({ workspaceId: other, data: { reason: 'failing' } });
    // Enabling it again clears the state; replaying the event schedules it again with a fresh window.
    const enabled = await updateWebhookEndpoint(deps, other, created.id, { enabled: true }, actor);
    expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
    const event = await db.prisma.webhookEvent.findFirstOrThrow({ where: { workspaceId: other }, orderBy: { seq: 'desc' } });
    expect(await replayWebhookEvent(deps, other, event.id)).toEqual({ replayed: 1, endpoint_ids: [created.id] });
    const replayed = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { eventId: event.id } });
    expect(replayed).toMatchObject({ status: 'pending', giveUpAt: null });
  });

  it('pruning deletes events past their 30 days with their deliveries and attempts', async () => {
    const before = await db.prisma.webhookEvent.count();
    expect(before).toBeGreaterThan(0);
    expect(await pruneWebhookEvents(db.prisma, new Date(Date.now() + 29 * DAY))).toMatchObject({ events: 0 });
    const pruned = await pruneWebhookEvents(db.prisma, new Date(Date.now() + 31 * DAY));
    expect(pruned.events).toBe(before);
    expect(await db.prisma.webhookDelivery.count()).toBe(0);
    expect(await db.prisma.deliveryAttempt.count()).toBe(0);
  });
});
