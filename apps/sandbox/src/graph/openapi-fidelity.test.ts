import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createManualClock } from '../clock';
import { loadMetaValidators } from '../testing/meta-schemas';
import { ALICE, BOB, messagesPath, PHONE_NUMBER_ID, startHarness, textMessage, TOKEN, type Harness } from '../testing/sandbox-harness';

const meta = loadMetaValidators();

function expectValid(validate: ValidateFunction, data: unknown): void {
  const ok = validate(data);
  expect(ok, `${meta.errorsText(validate)}\n${JSON.stringify(data)}`).toBe(true);
}

/** The single change value of a webhook body. */
const valueOf = (payload: { entry: { changes: { value: unknown }[] }[] }) => payload.entry[0]!.changes[0]!.value;

describe('fidelity to Meta’s OpenAPI document (v23)', () => {
  let h: Harness;
  const clock = createManualClock();

  beforeAll(async () => {
    h = await startHarness({ clock, number: { status_delays_ms: { sent: 0, delivered: 0, read: 0 }, throughput_mps: 1000 } });
  });
  afterAll(() => h.close());

  it('the validators do reject what Meta’s schemas forbid', () => {
    expect(meta.schema('WebhookPayload')({ object: 'whatsapp_business_account' })).toBe(false);
    expect(meta.schema('GraphAPIError')({ error: { message: 'x', type: 'OAuthException', code: '100' } })).toBe(false);
    expect(meta.schema('Statuses')({ id: 'wamid.x', status: 'bounced', timestamp: '1', recipient_id: '1' })).toBe(false);
    expect(meta.schema('IncomingMessage')({ from: '1', id: 'w', timestamp: '1', type: 'location', location: { latitude: '1' } })).toBe(false);
  });

  it('send responses match MessageResponsePayload', async () => {
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    const res = await h.graph('POST', messagesPath, textMessage(ALICE, 'hello'));
    expect(res.status).toBe(200);
    expectValid(meta.schema('MessageResponsePayload'), res.body);
    const inbound = await h.inbound(ALICE, { type: 'text', text: { body: 'again' } });
    const read = await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', status: 'read', message_id: (inbound.body as { wamid: string }).wamid });
    expect(read.status).toBe(200);
    expectValid(meta.schema('MarkMessageResponsePayload'), read.body);
  });

  it('every error envelope matches GraphAPIError', async () => {
    const bodies: unknown[] = [];
    bodies.push((await h.graph('POST', messagesPath, textMessage(ALICE, 'x'), null)).body);
    bodies.push((await h.graph('POST', messagesPath, textMessage(ALICE, 'x'), 'bad')).body);
    bodies.push((await h.graph('GET', '/v24.0/424242')).body);
    bodies.push((await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: ALICE, type: 'text', text: { body: 'x'.repeat(5000) } })).body);
    bodies.push((await h.graph('POST', messagesPath, textMessage(BOB, 'outside the window'))).body);
    for (let i = 0; i < 46; i += 1) await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: BOB, type: 'template', template: { name: 't', language: { code: 'en' } } });
    bodies.push((await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: BOB, type: 'template', template: { name: 't', language: { code: 'en' } } })).body);
    const codes = bodies.map((b) => (b as { error: { code: number } }).error.code);
    expect(codes).toEqual([104, 190, 100, 131009, 131047, 131056]);
    for (const body of bodies) expectValid(meta.schema('GraphAPIError'), body);
  });

  it('media responses match the /media and /{Media-ID} responses', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('file', new Blob([Buffer.from('%PDF-1.1')], { type: 'application/pdf' }), 'a.pdf');
    const upload = await fetch(`${h.url}/v24.0/${PHONE_NUMBER_ID}/media`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    const uploaded = (await upload.json()) as { id: string };
    expectValid(meta.response('uploadMedia'), uploaded);
    expectValid(meta.response('retrieveMediaUrl'), (await h.graph('GET', `/v24.0/${uploaded.id}`)).body);
    expectValid(meta.response('deleteMedia'), (await h.graph('DELETE', `/v24.0/${uploaded.id}`)).body);
  });

  it.each([
    ['text', { text: { body: 'Does it come in another color?' } }],
    ['image', { image: { caption: 'photo' } }],
    ['video', { video: { caption: 'clip' } }],
    ['audio', { audio: { voice: true } }],
    ['document', { document: { filename: 'r.pdf' } }],
    ['sticker', { sticker: {} }],
    ['location', { location: { latitude: 37.48, longitude: -122.14, name: 'HQ', address: '1 Hacker Way' } }],
    ['contacts', { contacts: [{ name: { formatted_name: 'Lucía Gómez', first_name: 'Lucía' }, phones: [{ phone: '+1 983 555 2319', wa_id: '19835552319', type: 'MOBILE' }] }] }],
    ['interactive', { interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }],
    ['interactive', { interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row', description: 'Desc' } } }],
    ['button', { button: { payload: 'STOP', text: 'Stop' } }],
    ['reaction', { reaction: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA', emoji: '👍' } }],
    ['order', { order: { catalog_id: 'c', text: 't', product_items: [{ product_retailer_id: 'p', quantity: 1, item_price: 9.5, currency: 'USD' }] } }],
    ['unsupported', {}],
  ])('inbound %s webhooks match WebhookPayload and IncomingMessage', async (type, content) => {
    const res = await h.inbound(ALICE, { type, ...content });
    expect(res.status).toBe(200);
    const wamid = (res.body as { wamid: string }).wamid;
    const posts = await h.receiver.waitFor((p) => p.some((x) => x.body.includes(wamid)));
    const payload = JSON.parse(posts.find((x) => x.body.includes(wamid))!.body) as { entry: { changes: { value: { messages: unknown[] } }[] }[] };
    expectValid(meta.schema('WebhookPayload'), payload);
    expectValid(meta.schema('IncomingMessageValueGeneral'), valueOf(payload));
    expectValid(meta.schema('IncomingMessage'), payload.entry[0]!.changes[0]!.value.messages[0]);
  });

  it('status webhooks (sent, delivered, read, failed) match WebhookPayload and Statuses', async () => {
    await h.inbound(ALICE, { type: 'text', text: { body: 'hi' } });
    const ok = await h.graph('POST', messagesPath, textMessage(ALICE, 'status me', { biz_opaque_callback_data: 'op' }));
    const failed = await h.graph('POST', messagesPath, { messaging_product: 'whatsapp', to: ALICE, type: 'image', image: { id: '31337' } });
    const ids = [ok, failed].map((r) => (r.body as { messages: { id: string }[] }).messages[0]!.id);
    const statusPosts = () => h.receiver.posts().filter((p) => ids.some((id) => p.body.includes(id)));
    await h.receiver.waitFor(() => statusPosts().length === 4);
    const seen = new Set<string>();
    for (const post of statusPosts()) {
      const payload = JSON.parse(post.body) as { entry: { changes: { value: { statuses: { status: string }[] } }[] }[] };
      expectValid(meta.schema('WebhookPayload'), payload);
      expectValid(meta.schema('StatusMessageValue'), valueOf(payload));
      const status = payload.entry[0]!.changes[0]!.value.statuses[0]!;
      expectValid(meta.schema('Statuses'), status);
      seen.add(status.status);
    }
    expect([...seen].sort()).toEqual(['delivered', 'failed', 'read', 'sent']);
  });
});
