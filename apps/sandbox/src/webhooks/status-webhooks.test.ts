import { parseWebhook, verifySignature, type StatusEvent } from '@switchboard/whatsapp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  APP_SECRET,
  CARLA,
  messagesPath,
  PHONE_NUMBER_ID,
  startHarness,
  textMessage,
  VERIFY_TOKEN,
  type Harness,
} from '../testing/sandbox-harness';
import type { ReceivedRequest } from '../testing/webhook-receiver';

const statusesOf = (posts: ReceivedRequest[]): StatusEvent[] =>
  posts.flatMap((p) => parseWebhook(JSON.parse(p.body)).events).filter((e): e is StatusEvent => e.kind === 'status');

describe('status webhooks', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('emits sent → delivered → read, signed over the exact bytes, echoing biz_opaque_callback_data', async () => {
    // Delays far apart so the three POSTs cannot overtake each other on the loopback.
    h = await startHarness({ number: { status_delays_ms: { sent: 0, delivered: 60, read: 120 } } });
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    const res = await h.graph('POST', messagesPath, textMessage(ALICE, 'hello', { biz_opaque_callback_data: 'msg_123' }));
    const wamid = (res.body as { messages: { id: string }[] }).messages[0]!.id;
    const posts = await h.receiver.waitFor((p) => statusesOf(p).filter((s) => s.wamid === wamid).length === 3);
    for (const post of posts) {
      expect(post.headers['content-type']).toBe('application/json');
      expect(verifySignature(post.body, post.headers['x-hub-signature-256'] as string, APP_SECRET)).toBe(true);
      expect(verifySignature(post.body, post.headers['x-hub-signature-256'] as string, 'other-secret')).toBe(false);
    }
    const statuses = statusesOf(posts).filter((s) => s.wamid === wamid);
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    expect(statuses.every((s) => s.bizOpaqueCallbackData === 'msg_123' && s.recipientId === ALICE)).toBe(true);
    expect(statuses.every((s) => s.route.phoneNumberId === PHONE_NUMBER_ID)).toBe(true);
    const [sent, delivered, read] = statuses;
    expect(sent!.conversation?.expirationTimestamp).toBeGreaterThan(0);
    expect(sent!.conversation?.originType).toBe('service');
    expect(sent!.pricing).toMatchObject({ billable: false, pricingModel: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(delivered!.conversation?.id).toBe(sent!.conversation?.id);
    expect(delivered!.conversation?.expirationTimestamp).toBeUndefined();
    expect(read!.pricing).toBeUndefined();
  });

  it('puts the expiration only on the first sent of a conversation and bills marketing templates', async () => {
    h = await startHarness();
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    await h.graph('POST', messagesPath, textMessage(ALICE, 'one'));
    await h.graph('POST', messagesPath, textMessage(ALICE, 'two'));
    await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: ALICE, type: 'template', template: { name: 'promo', language: { code: 'en' } } });
    const posts = await h.receiver.waitFor((p) => statusesOf(p).filter((s) => s.status === 'sent').length === 3);
    const sent = statusesOf(posts).filter((s) => s.status === 'sent');
    const service = sent.filter((s) => s.conversation?.originType === 'service');
    expect(service.filter((s) => s.conversation?.expirationTimestamp !== undefined)).toHaveLength(1);
    const marketing = sent.find((s) => s.conversation?.originType === 'marketing');
    expect(marketing?.pricing).toMatchObject({ billable: true, type: 'regular', category: 'marketing' });
  });

  it('escapes non-ASCII as \\uXXXX and signs that form (golden 4)', async () => {
    h = await startHarness();
    const res = await h.inbound(CARLA, { type: 'text', text: { body: 'Grüße 😀' } });
    expect(res.status).toBe(200);
    const [post] = await h.receiver.waitFor((p) => p.length === 1);
    expect(post!.body).toMatch(/^[\x20-\x7e]*$/);
    expect(post!.body).toContain('Carla M\\u00fcller');
    expect(post!.body).toContain('Gr\\u00fc\\u00dfe \\ud83d\\ude00');
    expect(verifySignature(post!.body, post!.headers['x-hub-signature-256'] as string, APP_SECRET)).toBe(true);
    const event = parseWebhook(JSON.parse(post!.body)).events[0];
    expect(event?.kind === 'message' && event.content).toEqual({ type: 'text', body: 'Grüße 😀' });
  });

  it('waits for the user when auto-read is off, then reads from the phone', async () => {
    h = await startHarness();
    await h.control('PUT', `/_sandbox/users/${ALICE}`, { name: 'Alice', auto_read: false });
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    const res = await h.graph('POST', messagesPath, textMessage(ALICE, 'read me'));
    const wamid = (res.body as { messages: { id: string }[] }).messages[0]!.id;
    await h.receiver.waitFor((p) => statusesOf(p).some((s) => s.wamid === wamid && s.status === 'delivered'));
    expect(statusesOf(h.receiver.posts()).some((s) => s.status === 'read')).toBe(false);
    const marked = await h.control('POST', `/_sandbox/numbers/${PHONE_NUMBER_ID}/conversations/${ALICE}/read`, {});
    expect(marked.body).toEqual({ marked: [wamid] });
    await h.receiver.waitFor((p) => statusesOf(p).some((s) => s.wamid === wamid && s.status === 'read'));
  });

  it('retries a webhook the endpoint refused and counts the failure', async () => {
    h = await startHarness({ retryScheduleMs: [10, 10] });
    h.receiver.respondWith(500);
    const res = await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    expect((res.body as { delivery: unknown }).delivery).toEqual({ status_code: 500, ok: false, error: 'HTTP 500' });
    h.receiver.respondWith(200);
    const posts = await h.receiver.waitFor((p) => p.length >= 2);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(posts[1]!.headers['x-hub-signature-256']).toBe(posts[0]!.headers['x-hub-signature-256']);
    const wamid = (res.body as { wamid: string }).wamid;
    // The retry's 2xx marks the user's message delivered (the sandbox sees it just after the receiver answers).
    const storedStatus = async () => {
      const conversation = await h!.control('GET', `/_sandbox/numbers/${PHONE_NUMBER_ID}/conversations/${ALICE}`);
      return (conversation.body as { messages: { wamid: string; status: string }[] }).messages.find((m) => m.wamid === wamid)?.status;
    };
    let status = await storedStatus();
    for (let i = 0; i < 100 && status !== 'delivered'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await storedStatus();
    }
    expect(status).toBe('delivered');
    const stats = (await h.control('GET', '/_sandbox/stats')).body as { webhooks: { failed_attempts: number; delivered: number; retried: number } };
    expect(stats.webhooks.failed_attempts).toBe(1);
    expect(stats.webhooks.retried).toBeGreaterThanOrEqual(1);
  });

  it('refuses to register a webhook that fails the verification handshake', async () => {
    h = await startHarness();
    const wrongToken = await h.control('PUT', '/_sandbox/numbers/123456', {
      display_phone_number: '15550000000',
      waba_id: '1',
      access_token: 't',
      app_secret: 's',
      webhook_url: h.receiver.url,
      verify_token: 'not-the-token',
    });
    expect(wrongToken.status).toBe(400);
    expect((wrongToken.body as { error: { code: string; details: { status_code: number } } }).error).toMatchObject({
      code: 'webhook_verification_failed',
      details: { status_code: 403 },
    });
    expect((await h.control('GET', '/_sandbox/numbers/123456')).status).toBe(404);
    const handshake = h.receiver.requests.find((r) => r.method === 'GET' && r.url.includes('not-the-token'));
    const query = new URL(handshake!.url, 'http://x').searchParams;
    expect(query.get('hub.mode')).toBe('subscribe');
    expect(query.get('hub.challenge')).toMatch(/^\d+$/);

    const unreachable = await h.control('PUT', '/_sandbox/numbers/123456', {
      display_phone_number: '15550000000',
      waba_id: '1',
      access_token: 't',
      app_secret: 's',
      webhook_url: 'http://127.0.0.1:1/hook',
      verify_token: VERIFY_TOKEN,
    });
    expect(unreachable.status).toBe(400);
  });
});
