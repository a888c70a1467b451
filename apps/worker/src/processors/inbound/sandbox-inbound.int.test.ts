// Across real processes: the sandbox (playing Meta) registers the api's
// webhook URL (Meta's handshake), a simulated user writes, and the worker
// stores the message and opens the conversation's 24 h window.
import { createSecretBox, createTestDatabase, DEV_ENCRYPTION_KEY, type TestDatabase } from '@switchboard/db';
import { freePort, spawnApp, startScratchRedis, type RunningApp, type ScratchRedis } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestChannel, type TestChannel } from '../../../../../packages/core/src/inbound/inbound-test-fixtures';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
let db: TestDatabase;
let redis: ScratchRedis;
let channel: TestChannel;
const apps: RunningApp[] = [];
let apiBase: string;
let sandboxBase: string;

beforeAll(async () => {
  db = await createTestDatabase('inbound_sandbox');
  redis = await startScratchRedis();
  channel = await createTestChannel(db.prisma, box);
  const [apiPort, workerPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
  apiBase = `http://127.0.0.1:${apiPort}`;
  sandboxBase = `http://127.0.0.1:${sandboxPort}`;
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url };
  apps.push(await spawnApp('apps/api/src/main.ts', { ...env, API_PORT: String(apiPort) }, `${apiBase}/healthz`));
  apps.push(await spawnApp('apps/worker/src/main.ts', { ...env, WORKER_PORT: String(workerPort) }, `http://127.0.0.1:${workerPort}/healthz`));
  apps.push(await spawnApp('apps/sandbox/src/main.ts', { SANDBOX_PORT: String(sandboxPort) }, `${sandboxBase}/healthz`));
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await redis?.stop();
  await db?.drop();
});

async function eventually<T>(read: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await read();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}:\n${apps.map((a) => a.output()).join('\n')}`);
}

describe('sandbox → api → worker', () => {
  it('passes the handshake, then stores what the simulated user writes', async () => {
    const put = await fetch(`${sandboxBase}/_sandbox/numbers/${channel.phoneNumberId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        display_phone_number: '15550783881', waba_id: channel.wabaId, access_token: 'token', app_secret: channel.appSecret,
        webhook_url: `${apiBase}/api/webhooks/whatsapp`, verify_token: channel.verifyToken,
      }),
    });
    expect(put.status, await put.clone().text()).toBe(201);

    const sent = await fetch(`${sandboxBase}/_sandbox/numbers/${channel.phoneNumberId}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '15551230003', type: 'text', text: { body: 'Grüße 👋' } }),
    });
    const { wamid, delivery } = (await sent.json()) as { wamid: string; delivery: { status_code: number } };
    expect(delivery.status_code).toBe(200);

    const message = await eventually(
      () => db.prisma.message.findFirst({ where: { channelId: channel.channelId, wamid }, include: { conversation: true, contact: true } }),
      'the inbound message row',
    );
    expect(message).toMatchObject({ direction: 'inbound', status: 'received', type: 'text' });
    expect(box.decryptJson(message.contentEnc)).toEqual({ text: { body: 'Grüße 👋' } });
    expect(message.contact).toMatchObject({ waId: '15551230003', name: 'Carla Müller', username: '@carla' });
    expect(message.conversation?.windowExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
  });
});
