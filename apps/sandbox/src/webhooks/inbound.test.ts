import { parseWebhook, verifySignature, type MessageEvent } from '@switchboard/whatsapp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, APP_SECRET, DISPLAY_NUMBER, messagesPath, PHONE_NUMBER_ID, startHarness, textMessage, WABA_ID, type Harness } from '../testing/sandbox-harness';

describe('inbound messages from simulated users', () => {
  let h: Harness;
  let businessWamid: string;

  beforeAll(async () => {
    h = await startHarness({ number: { status_delays_ms: { sent: 0, delivered: 0, read: null } } });
    await h.inbound(ALICE, { type: 'text', text: { body: 'start' } });
    const sent = await h.graph('POST', messagesPath, textMessage(ALICE, 'pick one'));
    businessWamid = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
  });
  afterAll(() => h.close());

  /** Sends one inbound message and returns the normalized event parsed back from the signed webhook. */
  async function roundTrip(body: Record<string, unknown>): Promise<MessageEvent> {
    const res = await h.inbound(ALICE, body);
    expect(res.status).toBe(200);
    const { wamid, delivery } = res.body as { wamid: string; delivery: { ok: boolean; status_code: number } };
    expect(delivery).toEqual({ status_code: 200, ok: true });
    const posts = await h.receiver.waitFor((p) => p.some((x) => x.body.includes(wamid)));
    const post = posts.find((x) => x.body.includes(wamid))!;
    expect(verifySignature(post.body, post.headers['x-hub-signature-256'] as string, APP_SECRET)).toBe(true);
    const parsed = parseWebhook(JSON.parse(post.body));
    expect(parsed.ignored).toEqual([]);
    const event = parsed.events[0];
    if (event?.kind !== 'message') throw new Error('expected a message event');
    expect(event.wamid).toBe(wamid);
    expect(event.from).toBe(ALICE);
    expect(event.route).toEqual({ wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, displayPhoneNumber: DISPLAY_NUMBER });
    expect(event.contact).toMatchObject({ waId: ALICE, name: 'Alice', userId: 'US.15551230001000001' });
    return event;
  }

  it('text', async () => {
    expect((await roundTrip({ type: 'text', text: { body: 'Does it come in another color?' } })).content).toEqual({
      type: 'text',
      body: 'Does it come in another color?',
    });
  });

  it('a quoted reply carries the business number and wamid in context', async () => {
    const event = await roundTrip({ type: 'text', text: { body: 'this one' }, context: { id: businessWamid } });
    expect(event.context).toMatchObject({ messageId: businessWamid, from: DISPLAY_NUMBER });
  });

  it.each([
    ['image', { caption: 'look' }, { type: 'image', caption: 'look' }],
    ['video', {}, { type: 'video' }],
    ['audio', { voice: true }, { type: 'audio', voice: true }],
    ['document', { filename: 'invoice.pdf', caption: 'invoice' }, { type: 'document', filename: 'invoice.pdf', caption: 'invoice' }],
    ['sticker', { animated: false }, { type: 'sticker', animated: false }],
  ])('%s, with a stored media id, mime type and sha256', async (type, input, expected) => {
    const event = await roundTrip({ type, [type]: input });
    expect(event.content).toMatchObject(expected);
    const media = (event.content as { media: { id: string; mimeType: string; sha256: string } }).media;
    expect(media.id).toMatch(/^\d+$/);
    expect(media.mimeType).toBeTruthy();
    expect(media.sha256).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await h.graph('GET', `/v24.0/${media.id}`)).status).toBe(200);
  });

  it('location', async () => {
    const location = { latitude: 37.4847, longitude: -122.1477, name: 'Meta HQ', address: '1 Hacker Way' };
    expect((await roundTrip({ type: 'location', location })).content).toEqual({ type: 'location', ...location });
  });

  it('contacts', async () => {
    const contacts = [{ name: { formatted_name: 'Dana Sample', first_name: 'Dana' }, phones: [{ phone: '+1 555 123 0099', wa_id: '15551230099', type: 'CELL' }] }];
    const event = await roundTrip({ type: 'contacts', contacts });
    expect(event.content.type).toBe('contacts');
    expect((event.content as { contacts: { name: { formatted_name: string } }[] }).contacts[0]?.name.formatted_name).toBe('Dana Sample');
  });

  it('button reply, tied to the tapped message', async () => {
    const event = await roundTrip({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } }, context: { id: businessWamid } });
    expect(event.content).toEqual({ type: 'button_reply', id: 'yes', title: 'Yes' });
    expect(event.context?.messageId).toBe(businessWamid);
  });

  it('list reply, defaulting context to the latest business message', async () => {
    const event = await roundTrip({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day' } } });
    expect(event.content).toEqual({ type: 'list_reply', id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day' });
    expect(event.context?.messageId).toBe(businessWamid);
  });

  it('template quick-reply button', async () => {
    expect((await roundTrip({ type: 'button', button: { payload: 'STOP', text: 'Stop promotions' } })).content).toEqual({
      type: 'button',
      payload: 'STOP',
      text: 'Stop promotions',
    });
  });

  it('reaction, and its removal (golden 17)', async () => {
    expect((await roundTrip({ type: 'reaction', reaction: { message_id: businessWamid, emoji: '👍' } })).content).toEqual({
      type: 'reaction',
      messageId: businessWamid,
      emoji: '👍',
      removed: false,
    });
    expect((await roundTrip({ type: 'reaction', reaction: { message_id: businessWamid, emoji: '' } })).content).toMatchObject({ type: 'reaction', removed: true });
  });

  it('order', async () => {
    const event = await roundTrip({
      type: 'order',
      order: { catalog_id: 'cat1', text: 'please', product_items: [{ product_retailer_id: 'sku1', quantity: 2, item_price: 30, currency: 'USD' }] },
    });
    expect(event.content).toMatchObject({ type: 'order', catalogId: 'cat1', items: [{ productRetailerId: 'sku1', quantity: 2, itemPrice: 30, currency: 'USD' }] });
  });

  it('unsupported', async () => {
    const event = await roundTrip({ type: 'unsupported' });
    expect(event.content).toMatchObject({ type: 'unsupported', errors: [{ code: 131051 }] });
  });

  it('opens the 24 h window for the user', async () => {
    const conversation = await h.control('GET', `/_sandbox/numbers/${PHONE_NUMBER_ID}/conversations/${ALICE}`);
    expect((conversation.body as { service_window: { open: boolean } }).service_window.open).toBe(true);
  });

  it('refuses an unregistered number and an invalid body', async () => {
    expect((await h.control('POST', '/_sandbox/numbers/42/inbound', { from: ALICE, type: 'text', text: { body: 'x' } })).status).toBe(404);
    const invalid = await h.inbound(ALICE, { type: 'text', text: {} });
    expect(invalid.status).toBe(422);
    expect((invalid.body as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});
