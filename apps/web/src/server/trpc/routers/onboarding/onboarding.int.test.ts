// Onboarding through the real router: the one-click sandbox channel against the sandbox and the api as real
// processes (the sandbox verifies the api's webhook with the new channel's verify token, and an inbound
// message reaches the api for that channel), and connecting a real number with credentials checked
// against the Cloud API (the sandbox here).
import { createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { freePort, spawnApp, type RunningApp } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../auth/app-session';
import { createInnerContext } from '../../context';
import { createCaller } from '../../root';
import { trpcCode } from '../../testing/trpc-code';

let db: TestDatabase;
let sandbox: RunningApp;
let api: RunningApp;
let sandboxBase: string;
let workspaceId: string;
let otherWorkspaceId: string;
const s: Record<'owner' | 'editor' | 'agent' | 'viewer' | 'stranger', AppSession> = {} as never;

const callerFor = (session: AppSession) => createCaller(createInnerContext({ session, prisma: db.prisma }));

beforeAll(async () => {
  db = await createTestDatabase('web_onboarding');
  const [sandboxPort, apiPort] = [await freePort(), await freePort()];
  sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  const apiBase = `http://127.0.0.1:${apiPort}`;
  sandbox = await spawnApp('apps/sandbox/src/main.ts', { SANDBOX_PORT: String(sandboxPort) }, `${sandboxBase}/healthz`);
  api = await spawnApp('apps/api/src/main.ts', { DATABASE_URL: db.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY, API_PORT: String(apiPort) }, `${apiBase}/healthz`);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    ENCRYPTION_KEY: DEV_ENCRYPTION_KEY,
    APP_URL: 'https://dash.example.com',
    API_URL: apiBase,
    SANDBOX_URL: sandboxBase,
    SANDBOX_PUBLIC_URL: 'http://phone.example.com:3100',
    WHATSAPP_GRAPH_URL: sandboxBase,
  });
  const workspace = await db.prisma.workspace.create({ data: { name: 'New', slug: 'new' } });
  const other = await db.prisma.workspace.create({ data: { name: 'Other', slug: 'other' } });
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  for (const role of ['owner', 'editor', 'agent', 'viewer', 'stranger'] as const) {
    const user = await db.prisma.user.create({ data: { email: `${role}@example.com`, passwordHash: 'x' } });
    await db.prisma.member.create({ data: { workspaceId: role === 'stranger' ? other.id : workspace.id, userId: user.id, role: role === 'stranger' ? 'owner' : role } });
    s[role] = { userId: user.id, email: user.email, name: null };
  }
}, 60_000);
afterAll(async () => {
  await Promise.all([api?.stop(), sandbox?.stop()]);
  await db?.drop();
});

describe('onboarding.createSandboxChannel', () => {
  it('is refused to editors, agents, viewers and other workspaces', async () => {
    for (const who of [s.editor, s.agent, s.viewer]) {
      expect(await trpcCode(callerFor(who).onboarding.createSandboxChannel({ workspaceId }))).toBe('FORBIDDEN');
    }
    expect(await trpcCode(callerFor(s.stranger).onboarding.createSandboxChannel({ workspaceId }))).toBe('NOT_FOUND');
    expect(await db.prisma.channel.count()).toBe(0);
  });

  it('creates a sandbox channel the sandbox knows, with the demo bot published on it, and links the phone page', async () => {
    const result = await callerFor(s.owner).onboarding.createSandboxChannel({ workspaceId });
    expect(result.existing).toBe(false);
    expect(result.phoneUrl).toBe(`http://phone.example.com:3100/phone?number=${result.phoneNumberId}`);
    const channel = await db.prisma.channel.findUniqueOrThrow({ where: { id: result.channelId } });
    expect(channel).toMatchObject({ workspaceId, kind: 'sandbox', graphBaseUrl: sandboxBase, status: 'active' });
    // The sandbox registered it after verifying the api's webhook with the channel's verify token.
    const numbers = (await (await fetch(`${sandboxBase}/_sandbox/numbers`)).json()) as { data: { phone_number_id: string; webhook_url?: string }[] };
    const number = numbers.data.find((n) => n.phone_number_id === result.phoneNumberId);
    expect(number?.webhook_url).toBe(`${process.env.API_URL}/api/webhooks/whatsapp`);
    const bot = await db.prisma.bot.findUniqueOrThrow({ where: { id: result.botId }, include: { flows: { include: { versions: true } } } });
    expect(bot).toMatchObject({ workspaceId, channelId: channel.id, name: 'Demo bot', mode: 'flow' });
    expect(bot.activeFlowId).toBe(bot.flows[0]?.id);
    expect(bot.flows[0]?.versions.map((v) => v.version)).toEqual([1]);
    // A user writes on the phone: the sandbox signs with the channel's app secret and the api accepts it.
    const inbound = await fetch(`${sandboxBase}/_sandbox/numbers/${result.phoneNumberId}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '15551230001', type: 'text', text: { body: 'hi' } }),
    });
    expect(((await inbound.json()) as { delivery: { status_code: number } }).delivery.status_code).toBe(200);
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: 'channel.sandbox_created', targetId: channel.id } })).toBe(1);
  });

  it('clicking again re-registers the same channel (the sandbox forgets numbers on restart) and adds no second bot', async () => {
    const first = await db.prisma.channel.findFirstOrThrow({ where: { workspaceId } });
    await fetch(`${sandboxBase}/_sandbox/numbers/${first.phoneNumberId}`, { method: 'DELETE' });
    const again = await callerFor(s.owner).onboarding.createSandboxChannel({ workspaceId });
    expect(again).toMatchObject({ existing: true, channelId: first.id, phoneNumberId: first.phoneNumberId });
    expect((await fetch(`${sandboxBase}/_sandbox/numbers/${first.phoneNumberId}`)).status).toBe(200);
    expect(await db.prisma.channel.count({ where: { workspaceId } })).toBe(1);
    expect(await db.prisma.bot.count({ where: { workspaceId } })).toBe(1);
  });

  it('leaves nothing behind when the sandbox cannot verify the webhook', async () => {
    await api.stop();
    try {
      const call = callerFor(s.stranger).onboarding.createSandboxChannel({ workspaceId: otherWorkspaceId });
      await expect(call).rejects.toThrow(/could not verify the webhook URL/);
      expect(await db.prisma.channel.count({ where: { workspaceId: otherWorkspaceId } })).toBe(0);
      expect(await db.prisma.bot.count({ where: { workspaceId: otherWorkspaceId } })).toBe(0);
    } finally {
      api = await spawnApp('apps/api/src/main.ts', { DATABASE_URL: db.url, ENCRYPTION_KEY: DEV_ENCRYPTION_KEY, API_PORT: new URL(process.env.API_URL!).port }, `${process.env.API_URL}/healthz`);
    }
  }, 30_000);
});

describe('channel.connectInfo and channel.connect', () => {
  const real = { phone_number_id: '300000000000777', waba_id: '400000000000777', display_phone_number: '+1 555 000 0777', access_token: 'real-token-777', app_secret: 'real-app-secret', verify_token: 'chosen-verify-token', throughput_mps: 80 };

  beforeAll(async () => {
    // The number as it exists on "Meta" (the sandbox), with its token.
    const res = await fetch(`${sandboxBase}/_sandbox/numbers/${real.phone_number_id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ display_phone_number: '15550000777', waba_id: real.waba_id, access_token: real.access_token, app_secret: real.app_secret }),
    });
    expect(res.ok).toBe(true);
  });

  it('shows what to paste into Meta: the api webhook URL on the public origin and a fresh verify token', async () => {
    const info = await callerFor(s.owner).channel.connectInfo({ workspaceId });
    expect(info.webhookUrl).toBe('https://dash.example.com/api/webhooks/whatsapp');
    expect(info.suggestedVerifyToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await callerFor(s.owner).channel.connectInfo({ workspaceId })).suggestedVerifyToken).not.toBe(info.suggestedVerifyToken);
    expect(await trpcCode(callerFor(s.viewer).channel.connectInfo({ workspaceId }))).toBe('FORBIDDEN');
    expect(await trpcCode(callerFor(s.stranger).channel.connectInfo({ workspaceId }))).toBe('NOT_FOUND');
  });

  it('refuses credentials the Cloud API rejects and saves nothing', async () => {
    const wrongToken = callerFor(s.owner).channel.connect({ workspaceId, channel: { ...real, access_token: 'not-the-token' } });
    await expect(wrongToken).rejects.toThrow(/refused these credentials.*code 190/);
    const unknownNumber = callerFor(s.owner).channel.connect({ workspaceId, channel: { ...real, phone_number_id: '300000000000778' } });
    await expect(unknownNumber).rejects.toThrow(/refused these credentials/);
    expect(await trpcCode(callerFor(s.owner).channel.connect({ workspaceId, channel: { ...real, waba_id: 'abc' } }))).toBe('BAD_REQUEST');
    expect(await db.prisma.channel.count({ where: { phoneNumberId: { startsWith: '3000000000007' } } })).toBe(0);
  });

  it('is refused to editors, agents, viewers and other workspaces', async () => {
    for (const who of [s.editor, s.agent, s.viewer]) {
      expect(await trpcCode(callerFor(who).channel.connect({ workspaceId, channel: real }))).toBe('FORBIDDEN');
    }
    expect(await trpcCode(callerFor(s.stranger).channel.connect({ workspaceId, channel: real }))).toBe('NOT_FOUND');
  });

  it('saves checked credentials as the REST API does (encrypted, webhook URL shown), then refuses the same number twice', async () => {
    const { channel, verifiedName } = await callerFor(s.owner).channel.connect({ workspaceId, channel: real });
    expect(channel).toMatchObject({ phone_number_id: real.phone_number_id, kind: 'cloud', webhook_url: 'https://dash.example.com/api/webhooks/whatsapp' });
    expect(verifiedName === null || typeof verifiedName === 'string').toBe(true);
    const row = await db.prisma.channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row.accessTokenEnc).not.toContain(real.access_token);
    expect(row.graphBaseUrl).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { workspaceId, action: 'channel.connected', targetId: channel.id } })).toBe(1);
    expect(await trpcCode(callerFor(s.owner).channel.connect({ workspaceId, channel: real }))).toBe('CONFLICT');
  });
});
