import { createHash } from 'node:crypto';
import { parseWebhook } from '@switchboard/whatsapp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type AdjustableClock } from '../clock';
import { ALICE, PHONE_NUMBER_ID, startHarness, TOKEN, type Harness } from '../testing/sandbox-harness';

interface MediaInfo {
  messaging_product: string;
  url: string;
  mime_type: string;
  sha256: string;
  file_size: string;
  id: string;
}

async function upload(h: Harness, bytes: Buffer, mimeType: string, token = TOKEN): Promise<Response> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', mimeType);
  form.set('file', new Blob([bytes], { type: mimeType }), 'photo.jpg');
  return fetch(`${h.url}/v24.0/${PHONE_NUMBER_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

describe('media', () => {
  let h: Harness;
  let clock: AdjustableClock;
  beforeEach(async () => {
    clock = createManualClock();
    h = await startHarness({ clock });
  });
  afterEach(() => h.close());

  it('uploads, describes, downloads with the token only, and expires the URL after 300 s (golden 18)', async () => {
    const bytes = Buffer.from('not really a jpeg, but bytes all the same');
    const uploaded = await upload(h, bytes, 'image/jpeg');
    expect(uploaded.status).toBe(200);
    const { id } = (await uploaded.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);

    const info = await h.graph('GET', `/v24.0/${id}`);
    expect(info.status).toBe(200);
    const media = info.body as MediaInfo;
    expect(media).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/jpeg', file_size: String(bytes.length), id });
    expect(media.sha256).toBe(createHash('sha256').update(bytes).digest('base64'));

    expect((await fetch(media.url)).status).toBe(401);
    expect((await fetch(media.url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const download = await fetch(media.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    clock.advance(301_000);
    expect((await fetch(media.url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const fresh = (await h.graph('GET', `/v24.0/${id}`)).body as MediaInfo;
    expect(fresh.url).not.toBe(media.url);
    expect((await fetch(fresh.url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('answers an unknown media id with 400 code 100 subcode 33', async () => {
    const res = await h.graph('GET', '/v24.0/1234567890123456');
    expect(res.status).toBe(400);
    expect((res.body as { error: unknown }).error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('deletes media', async () => {
    const { id } = (await (await upload(h, Buffer.from('x'), 'image/png')).json()) as { id: string };
    expect((await h.graph('DELETE', `/v24.0/${id}`)).body).toEqual({ success: true });
    expect((await h.graph('GET', `/v24.0/${id}`)).status).toBe(400);
  });

  it('refuses uploads without a token, without messaging_product, or over Meta’s size limit', async () => {
    expect((await upload(h, Buffer.from('x'), 'image/png', '')).status).toBe(401);
    const form = new FormData();
    form.set('file', new Blob([Buffer.from('x')], { type: 'image/png' }), 'a.png');
    const missing = await fetch(`${h.url}/v24.0/${PHONE_NUMBER_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(missing.status).toBe(400);
    const tooBig = await upload(h, Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg');
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { error: { code: number } }).error.code).toBe(131053);
  });

  it('stores a user’s image so the business can fetch it, with the sha256 the webhook announced', async () => {
    const bytes = Buffer.from('fake png bytes from the phone');
    await h.inbound(ALICE, { type: 'image', image: { data_base64: bytes.toString('base64'), mime_type: 'image/png', caption: 'look' } });
    const [post] = await h.receiver.waitFor((p) => p.length === 1);
    const event = parseWebhook(JSON.parse(post!.body)).events[0];
    if (event?.kind !== 'message' || event.content.type !== 'image') throw new Error('expected an image message');
    const info = (await h.graph('GET', `/v24.0/${event.content.media.id}`)).body as MediaInfo;
    expect(info.sha256).toBe(event.content.media.sha256);
    const download = await fetch(info.url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('fails a send whose media id the number does not own with a 131053 status', async () => {
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    const res = await h.graph('POST', `/v24.0/${PHONE_NUMBER_ID}/messages`, { messaging_product: 'whatsapp', to: ALICE, type: 'image', image: { id: '999' } });
    expect(res.status).toBe(200);
    const posts = await h.receiver.waitFor((p) => p.some((x) => x.body.includes('"failed"')));
    const failed = posts.flatMap((p) => parseWebhook(JSON.parse(p.body)).events).find((e) => e.kind === 'status' && e.status === 'failed');
    expect(failed?.kind === 'status' && failed.errors[0]?.code).toBe(131053);
  });
});
