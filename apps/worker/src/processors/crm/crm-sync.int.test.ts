// Chatwoot both ways on real processes: sandbox (Meta), api and a worker on a test database and a
// scratch Redis, with the fake Chatwoot in this process signing its webhooks to the api. Covers the
// duplicate-free first contact under 20 concurrent WhatsApp messages, an agent's reply reaching the
// phone (sandbox ledger) with its status mirrored back, echo suppression, takeover and resume,
// signature failures, and Chatwoot down for a while then the drift repaired.
import { startFakeChatwoot, type FakeChatwoot } from '@switchboard/chatwoot/testing';
import { configureChatwoot } from '@switchboard/core';
import { createSecretBox, DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFullStack, type FullStack, type StackTenant } from '../outbound/testing/full-stack';

const box = createSecretBox(DEV_ENCRYPTION_KEY);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SECRET = 'cw_secret_fullstack';
let stack: FullStack;
let fake: FakeChatwoot;
let tenant: StackTenant;
let webhookUrl: string;
/** A customer's file server, for media an API reply sends by link. */
let files: Server;
let filesBase: string;
const SHOP_PHOTO = Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 13) % 256));

async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${stack.output(4000)}`);
    await sleep(100);
  }
}

async function say(from: string, body: string): Promise<void> {
  const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${tenant.phoneNumberId}/inbound`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, type: 'text', text: { body } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const answer = (await res.json()) as { delivery: { status_code: number } };
  expect(answer.delivery.status_code).toBe(200);
}

/** The user sends a media message (bytes as the sandbox takes them). */
async function sendMedia(from: string, type: string, media: { bytes: Buffer; mime_type: string; caption?: string; filename?: string }): Promise<void> {
  const { bytes, ...rest } = media;
  const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${tenant.phoneNumberId}/inbound`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, type, [type]: { ...rest, data_base64: bytes.toString('base64') } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** What the phone received from the business, whole (type and Cloud API object). */
async function phoneMessages(waId: string): Promise<{ type: string; message: Record<string, Record<string, unknown>> }[]> {
  const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${tenant.phoneNumberId}/conversations/${waId}`);
  if (res.status === 404) return [];
  const body = (await res.json()) as { messages: { direction: string; type: string; message: Record<string, Record<string, unknown>> }[] };
  return body.messages.filter((m) => m.direction === 'out');
}

/** What the phone received from the business, as text bodies. */
async function phoneInbox(waId: string): Promise<string[]> {
  const res = await fetch(`${stack.sandboxBase}/_sandbox/numbers/${tenant.phoneNumberId}/conversations/${waId}`);
  if (res.status === 404) return [];
  const body = (await res.json()) as { messages: { direction: string; type: string; message: { text?: { body?: string } } }[] };
  return body.messages.filter((m) => m.direction === 'out').map((m) => m.message.text?.body ?? `[${m.type}]`);
}

const crmConversationOfContact = (waId: string) => {
  const ci = fake.state.contactInboxes.find((x) => x.source_id === waId);
  return ci ? fake.state.conversations.find((c) => c.contact_inbox_id === ci.id) : undefined;
};
const crmMessages = (waId: string) => {
  const conversation = crmConversationOfContact(waId);
  return conversation ? fake.state.messages.filter((m) => m.conversation_id === conversation.id) : [];
};
const ownerOf = async (waId: string) => {
  const contact = await stack.prisma.contact.findFirstOrThrow({ where: { workspaceId: tenant.workspaceId, waId } });
  return (await stack.prisma.conversation.findFirstOrThrow({ where: { contactId: contact.id } })).owner;
};

beforeAll(async () => {
  files = createServer((req, res) => {
    if (req.url === '/photos/shop.png') res.writeHead(200, { 'content-type': 'image/png' }).end(SHOP_PHOTO);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  stack = await startFullStack('crm_fullstack', {
    workers: 1,
    workerEnv: {
      // Only this one local server is reachable by link; any other private address stays refused.
      BOT_HTTP_ALLOW_HTTP: 'true', BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: filesBase.slice('http://'.length),
      CRM_FEED_INTERVAL_MS: '100', CRM_FEED_SETTLE_MS: '300', CRM_SYNC_ATTEMPTS: '2', CRM_SYNC_BACKOFF_MS: '100',
      CRM_RECONCILE_INTERVAL_MS: '1500', CRM_RECONCILE_SETTLE_MS: '500', CRM_TIMEOUT_MS: '1000', CRM_MEDIA_MAX_BYTES: '4096',
    },
  });
  fake = await startFakeChatwoot({ webhookSecret: SECRET });
  tenant = await stack.tenant();
  const view = await configureChatwoot({ prisma: stack.prisma, secretBox: box }, {
    workspaceId: tenant.workspaceId, publicApiUrl: stack.apiBase,
    input: { base_url: fake.url, account_id: fake.accountId, access_token: fake.accessToken, create_inbox: { name: 'WhatsApp' }, webhook_secret: SECRET },
  });
  webhookUrl = view.webhook_url;
}, 180_000);

afterAll(async () => {
  files?.close();
  await fake?.close();
  await stack?.stop();
});

describe('Chatwoot sync on real processes', () => {
  it('mirrors 20 concurrent first messages into one contact, one contact inbox and one conversation', async () => {
    const waId = '16505550100';
    await Promise.all(Array.from({ length: 20 }, (_, i) => say(waId, `first ${i}`)));
    await until('20 incoming messages in Chatwoot', () => crmMessages(waId).length >= 20);
    expect(fake.state.contacts.filter((c) => c.identifier === `whatsapp:${waId}`)).toHaveLength(1);
    expect(fake.state.contactInboxes.filter((ci) => ci.source_id === waId)).toHaveLength(1);
    expect(fake.state.conversations.filter((c) => fake.state.contactInboxes.find((ci) => ci.id === c.contact_inbox_id)?.source_id === waId)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/contacts')).toHaveLength(1);
    expect(crmMessages(waId).every((m) => m.message_type === 'incoming')).toBe(true);
    expect(new Set(crmMessages(waId).map((m) => m.content)).size).toBe(20);
    expect(fake.violations).toEqual([]);
  }, 120_000);

  it('sends an agent reply to the phone, takes the conversation over, mirrors its status back, and ignores its echo', async () => {
    const waId = '16505550101';
    await say(waId, 'can I talk to someone?');
    const conversation = await until('conversation in Chatwoot', () => crmConversationOfContact(waId));
    // An API send is mirrored as outgoing; its message_created echo must not be sent again.
    const api = await fetch(`${stack.apiBase}/api/v1/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel_id: tenant.channelId, to: waId, type: 'text', text: { body: 'An API notice' } }),
    });
    expect(api.status).toBe(202);
    await until('API message mirrored', () => crmMessages(waId).some((m) => m.message_type === 'outgoing' && m.content === 'An API notice'));
    // The agent's reply goes in the high lane: let the API notice reach the phone first so the order below is fixed.
    await until('API message on the phone', async () => (await phoneInbox(waId)).includes('An API notice'));
    fake.agentReply(conversation.id, 'internal note', { private: true });
    const agent = fake.agentReply(conversation.id, 'Hi, this is Alice from support.');
    await until('agent reply on the phone', async () => (await phoneInbox(waId)).includes('Hi, this is Alice from support.'));
    expect(await ownerOf(waId)).toBe('human');
    await until('Chatwoot conversation opened by the handoff', () => conversation.status === 'open');
    await until('agent message status mirrored back', () => ['delivered', 'read'].includes(agent.status));
    await sleep(1500);
    await fake.flushWebhooks();
    expect(await phoneInbox(waId)).toEqual(['An API notice', 'Hi, this is Alice from support.']);
    const agentDelivery = fake.deliveries.find((d) => (JSON.parse(d.body) as { id: number }).id === agent.id)!;
    expect(agentDelivery.status).toBe(200);
    // Chatwoot redelivers the same delivery: still one message on the phone.
    fake.redeliver(agentDelivery, webhookUrl);
    await fake.flushWebhooks();
    await sleep(1000);
    expect((await phoneInbox(waId)).filter((b) => b.startsWith('Hi, this is Alice'))).toHaveLength(1);

    // Resolved in Chatwoot → the bot owns it again; an agent opening it (pending → open) takes it back.
    fake.agentSetStatus(conversation.id, 'resolved');
    await until('resumed', async () => (await ownerOf(waId)) === 'bot');
    fake.agentSetStatus(conversation.id, 'pending');
    // One change at a time, so each webhook below is the newest when it arrives (older ones are ignored: docs/chatwoot.md).
    await fake.flushWebhooks();
    fake.agentSetStatus(conversation.id, 'open');
    await until('taken over by opening', async () => (await ownerOf(waId)) === 'human');
    fake.agentSetStatus(conversation.id, 'pending');
    await until('resumed by pending', async () => (await ownerOf(waId)) === 'bot');
    fake.agentAssign(conversation.id, 9);
    await until('taken over by assignment', async () => (await ownerOf(waId)) === 'human');
    const audit = await stack.prisma.auditLog.findMany({ where: { workspaceId: tenant.workspaceId, targetType: 'conversation' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => `${a.action}:${(a.data as { reason: string }).reason}`)).toEqual([
      'conversation.handoff:crm:agent_reply', 'conversation.resumed:crm:resolved', 'conversation.handoff:crm:opened',
      'conversation.resumed:crm:pending', 'conversation.handoff:crm:assigned',
    ]);
  }, 240_000);

  it('uploads inbound WhatsApp media to Chatwoot as attachments, and describes what is too large or refused', async () => {
    const waId = '16505550103';
    const photo = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7) % 256));
    await sendMedia(waId, 'image', { bytes: photo, mime_type: 'image/jpeg', caption: 'the broken part' });
    await until('image mirrored', () => crmMessages(waId).length === 1);
    const [image] = crmMessages(waId);
    expect(image).toMatchObject({ message_type: 'incoming', content: 'the broken part' });
    expect(image!.attachments).toHaveLength(1);
    expect(image!.attachments[0]).toMatchObject({ file_type: 'image', content_type: 'image/jpeg' });
    expect(image!.attachments[0]!.bytes.equals(photo)).toBe(true);
    const upload = fake.requests.find((r) => r.path === `/conversations/${image!.conversation_id}/messages` && (r.body as { content?: string }).content === 'the broken part');
    expect(upload?.body).toEqual({ content: 'the broken part', message_type: 'incoming', private: false });

    // Over CRM_MEDIA_MAX_BYTES (4 KiB here): the description, with why.
    await sendMedia(waId, 'document', { bytes: Buffer.alloc(6000, 1), mime_type: 'application/pdf', filename: 'manual.pdf', caption: 'see page 3' });
    await until('document described', () => crmMessages(waId).length === 2);
    expect(crmMessages(waId)[1]).toMatchObject({ content: expect.stringMatching(/^\[document\] see page 3 \(attachment not mirrored: too large/) as unknown, attachments: [] });

    // Chatwoot refuses the upload: the description, with Chatwoot's reason.
    fake.setMaxUploadBytes(100);
    await sendMedia(waId, 'audio', { bytes: Buffer.alloc(800, 2), mime_type: 'audio/ogg' });
    await until('audio described', () => crmMessages(waId).length === 3);
    expect(crmMessages(waId)[2]!.content).toMatch(/^\[audio\] \(attachment not mirrored: the CRM refused the upload: .*too big/);
    fake.setMaxUploadBytes(40 * 1024 * 1024);
    expect(fake.violations).toEqual([]);
    expect(await stack.prisma.crmDeadLetter.count({ where: { workspaceId: tenant.workspaceId, resolvedAt: null } })).toBe(0);
  }, 120_000);

  it('uploads the media of an API reply sent by link, and describes a link it may not fetch', async () => {
    const waId = '16505550105';
    await say(waId, 'what does the shop look like?');
    await until('conversation in Chatwoot', () => crmConversationOfContact(waId));
    const send = (image: Record<string, string>) =>
      fetch(`${stack.apiBase}/api/v1/messages`, {
        method: 'POST', headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel_id: tenant.channelId, to: waId, type: 'image', image }),
      });
    expect((await send({ link: `${filesBase}/photos/shop.png`, caption: 'our shop' })).status).toBe(202);
    await until('photo mirrored', () => crmMessages(waId).some((m) => m.content === 'our shop'));
    const photo = crmMessages(waId).find((m) => m.content === 'our shop')!;
    expect(photo.message_type).toBe('outgoing');
    expect(photo.attachments).toHaveLength(1);
    expect(photo.attachments[0]).toMatchObject({ file_type: 'image', content_type: 'image/png' });
    expect(photo.attachments[0]!.bytes.equals(SHOP_PHOTO)).toBe(true);

    // A private address nobody allowed (the SSRF guard), and a link that answers 404: described, with why.
    expect((await send({ link: 'http://127.0.0.1:9/secret.png', caption: 'internal' })).status).toBe(202);
    expect((await send({ link: `${filesBase}/photos/gone.png`, caption: 'gone' })).status).toBe(202);
    await until('both described', () => crmMessages(waId).filter((m) => /attachment not mirrored/.test(m.content ?? '')).length === 2);
    const described = crmMessages(waId).map((m) => m.content ?? '');
    expect(described.find((c) => c.includes('internal'))).toMatch(/attachment not mirrored: could not be fetched from its link/);
    expect(described.find((c) => c.includes('gone'))).toMatch(/attachment not mirrored: its link answered HTTP 404/);
    expect(fake.violations).toEqual([]);
  }, 120_000);

  it('sends an agent message with attachments to the phone as media messages, the text as the caption', async () => {
    const waId = '16505550104';
    await say(waId, 'please send the invoice');
    const conversation = await until('conversation in Chatwoot', () => crmConversationOfContact(waId));
    fake.agentReply(conversation.id, 'Here is your invoice', { attachments: [{ content_type: 'application/pdf', filename: 'invoice 7.pdf', bytes: Buffer.from('%PDF-1.4 fake') }] });
    // Two webhooks may be handled side by side; one at a time keeps the order on the phone fixed.
    await until('the invoice on the phone', async () => (await phoneMessages(waId)).length === 1);
    const voice = fake.agentReply(conversation.id, '', { attachments: [{ content_type: 'audio/ogg', filename: 'note.ogg', bytes: Buffer.alloc(300, 3) }, { content_type: 'image/png', filename: 'map.png', bytes: Buffer.alloc(200, 4) }] });
    await until('three media on the phone', async () => (await phoneMessages(waId)).length >= 3);
    // Parts of one agent message are separate WhatsApp messages; the pipeline does not order them among themselves.
    const received = await phoneMessages(waId);
    const [invoice, audio, map] = ['document', 'audio', 'image'].map((type) => received.find((m) => m.type === type));
    const [pdf] = crmMessages(waId).find((m) => m.content === 'Here is your invoice')!.attachments;
    expect(invoice).toMatchObject({ type: 'document', message: { document: { link: pdf!.data_url, caption: 'Here is your invoice', filename: 'invoice 7.pdf' } } });
    expect(audio).toMatchObject({ type: 'audio', message: { audio: { link: voice.attachments[0]!.data_url } } });
    expect(audio!.message['audio']).not.toHaveProperty('caption');
    expect(map).toMatchObject({ type: 'image', message: { image: { link: voice.attachments[1]!.data_url } } });
    expect(await ownerOf(waId)).toBe('human');
    // A redelivery sends nothing again.
    for (const d of fake.deliveries.filter((x) => (JSON.parse(x.body) as { id?: number }).id === voice.id)) fake.redeliver(d, webhookUrl);
    await fake.flushWebhooks();
    await sleep(1000);
    expect(await phoneMessages(waId)).toHaveLength(3);
  }, 120_000);

  it('answers 401 to unsigned, wrongly signed and stale webhooks, 404 to an unknown integration', async () => {
    const body = JSON.stringify({ event: 'message_created', id: 1, message_type: 'outgoing' });
    const post = (url: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const now = String(Math.floor(Date.now() / 1000));
    const { signChatwootWebhook } = await import('@switchboard/chatwoot');
    expect((await post(webhookUrl, {})).status).toBe(401);
    expect((await post(webhookUrl, { 'x-chatwoot-timestamp': now, 'x-chatwoot-signature': signChatwootWebhook('nope', now, body) })).status).toBe(401);
    const old = String(Number(now) - 3600);
    expect((await post(webhookUrl, { 'x-chatwoot-timestamp': old, 'x-chatwoot-signature': signChatwootWebhook(SECRET, old, body) })).status).toBe(401);
    const ok = await post(webhookUrl, { 'x-chatwoot-timestamp': now, 'x-chatwoot-signature': signChatwootWebhook(SECRET, now, body) });
    expect(ok.status).toBe(200);
    const unknown = await post(`${stack.apiBase}/api/integrations/chatwoot/00000000-0000-7000-8000-000000000000/webhook`, {});
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('keeps what could not be synced while Chatwoot was down as dead letters, and repairs the drift when it is back', async () => {
    const waId = '16505550102';
    await say(waId, 'before');
    await until('first message mirrored', () => crmMessages(waId).length === 1);
    await fake.down();
    await say(waId, 'during the outage 1');
    await say(waId, 'during the outage 2');
    await until('dead letter recorded', async () => (await stack.prisma.crmDeadLetter.count({ where: { workspaceId: tenant.workspaceId, resolvedAt: null } })) > 0);
    const letters = await stack.prisma.crmDeadLetter.findMany({ where: { workspaceId: tenant.workspaceId, resolvedAt: null } });
    expect(letters.every((l) => l.retryable && /unavailable|ECONNREFUSED|fetch failed/i.test(l.error))).toBe(true);
    await fake.up();
    await until('drift repaired', () => crmMessages(waId).length === 3);
    expect(crmMessages(waId).map((m) => m.content)).toEqual(['before', 'during the outage 1', 'during the outage 2']);
    await until('dead letters resolved', async () => (await stack.prisma.crmDeadLetter.count({ where: { workspaceId: tenant.workspaceId, resolvedAt: null } })) === 0);
    expect(fake.violations).toEqual([]);
  }, 180_000);
});
