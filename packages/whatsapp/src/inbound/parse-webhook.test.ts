import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MessageEvent, StatusEvent } from './normalized-event';
import { parseWebhook } from './parse-webhook';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));
}

function onlyMessage(name: string): MessageEvent {
  const { events, ignored } = parseWebhook(fixture(name));
  expect(ignored).toEqual([]);
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.kind !== 'message') throw new Error(`expected a message event, got ${event?.kind}`);
  return event;
}

function onlyStatus(name: string): StatusEvent {
  const { events } = parseWebhook(fixture(name));
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.kind !== 'status') throw new Error(`expected a status event, got ${event?.kind}`);
  return event;
}

const golden3 =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}';

describe('parseWebhook: messages', () => {
  it('golden case 3: routes and normalizes the text message', () => {
    const { events, ignored } = parseWebhook(JSON.parse(golden3));
    expect(ignored).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'message',
        route: { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' },
        wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        messageType: 'text',
        from: '16505551234',
        contact: { waId: '16505551234', name: 'Sheena Nelson' },
        timestamp: 1749416383,
        date: new Date(1749416383 * 1000),
        content: { type: 'text', body: 'Does it come in another color?' },
      },
    ]);
  });

  it('keeps the BSUID of a contact that also has a phone id', () => {
    const event = onlyMessage('message-text');
    expect(event.fromUserId).toBe('US.13491208655302741918');
    expect(event.contact).toEqual({ waId: '16505551234', userId: 'US.13491208655302741918', name: 'Sheena Nelson' });
  });

  it('accepts a username-only user with a BSUID and no wa_id / from', () => {
    const event = onlyMessage('message-bsuid-only');
    expect(event.from).toBeUndefined();
    expect(event.fromUserId).toBe('US.13491208655302741918');
    expect(event.contact).toEqual({
      userId: 'US.13491208655302741918',
      parentUserId: 'US.ENT.11815799212886844830',
      username: '@sheena',
      name: 'Sheena',
    });
    expect(event.content).toEqual({ type: 'text', body: 'hello from a username' });
  });

  it('normalizes media messages', () => {
    expect(onlyMessage('message-image').content).toEqual({
      type: 'image',
      caption: 'Taj Mahal',
      media: {
        id: '1003383421387256',
        mimeType: 'image/jpeg',
        sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
        url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1744344496&hash=ATs',
      },
    });
    expect(onlyMessage('message-video').content).toMatchObject({ type: 'video', caption: 'My vacation video', media: { id: '1166846181421424', mimeType: 'video/mp4' } });
    expect(onlyMessage('message-audio-voice').content).toMatchObject({ type: 'audio', voice: true, media: { mimeType: 'audio/ogg; codecs=opus' } });
    expect(onlyMessage('message-document').content).toMatchObject({
      type: 'document',
      filename: 'lucky-shrub-invoice.pdf',
      caption: 'Lucky Shrub Invoice',
      media: { id: '1003383421387258', mimeType: 'application/pdf' },
    });
    expect(onlyMessage('message-sticker').content).toMatchObject({ type: 'sticker', animated: false, media: { mimeType: 'image/webp' } });
  });

  it('normalizes location, contacts and order messages', () => {
    expect(onlyMessage('message-location').content).toEqual({
      type: 'location',
      latitude: 37.44221496582,
      longitude: -122.16165924072,
      name: 'Philz Coffee',
      address: '101 Forest Ave, Palo Alto, CA 94301',
      url: 'https://philzcoffee.com/',
    });
    const contacts = onlyMessage('message-contacts').content;
    expect(contacts.type).toBe('contacts');
    if (contacts.type === 'contacts') {
      expect(contacts.contacts[0]?.name?.formatted_name).toBe('Lucía Gómez');
      expect(contacts.contacts[0]?.phones?.[0]?.wa_id).toBe('19835552319');
    }
    expect(onlyMessage('message-order').content).toEqual({
      type: 'order',
      catalogId: '194836987003835',
      text: '',
      items: [
        { productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' },
        { productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD' },
      ],
    });
  });

  it('normalizes interactive replies and template quick replies with their context', () => {
    const button = onlyMessage('message-interactive-button-reply');
    expect(button.content).toEqual({ type: 'button_reply', id: 'cancel-button', title: 'Cancel' });
    expect(button.messageType).toBe('interactive');
    expect(button.context).toEqual({
      messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA',
      from: '15550783881',
      forwarded: false,
      frequentlyForwarded: false,
    });
    expect(onlyMessage('message-interactive-list-reply').content).toEqual({
      type: 'list_reply',
      id: 'priority_express',
      title: 'Priority Mail Express',
      description: 'Next Day to 2 Days',
    });
    const quickReply = onlyMessage('message-button');
    expect(quickReply.content).toEqual({ type: 'button', payload: 'Unsubscribe', text: 'Unsubscribe' });
    expect(quickReply.context?.messageId).toBe('wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA');
  });

  it('golden case 17: an empty reaction emoji means the reaction was removed', () => {
    expect(onlyMessage('message-reaction').content).toEqual({
      type: 'reaction',
      messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA',
      emoji: '👍',
      removed: false,
    });
    expect(onlyMessage('message-reaction-removed').content).toEqual({ type: 'reaction', messageId: 'wamid.A', removed: true });
  });

  it('treats a reaction without an emoji key as removed too', () => {
    const payload = fixture('message-reaction-removed') as { entry: { changes: { value: { messages: { reaction: object }[] } }[] }[] };
    const message = payload.entry[0]?.changes[0]?.value.messages[0];
    if (message) message.reaction = { message_id: 'wamid.A' };
    const event = parseWebhook(payload).events[0];
    expect(event?.kind === 'message' && event.content).toEqual({ type: 'reaction', messageId: 'wamid.A', removed: true });
  });

  it('normalizes system messages that have no contacts', () => {
    const event = onlyMessage('message-system');
    expect(event.contact).toBeUndefined();
    expect(event.content).toEqual({
      type: 'system',
      systemType: 'user_changed_number',
      body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
      newWaId: '12195555358',
    });
  });

  it('keeps Meta errors of unsupported messages and maps unknown types to unsupported', () => {
    expect(onlyMessage('message-unsupported').content).toEqual({
      type: 'unsupported',
      originalType: 'unsupported',
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          details: 'Message type is currently not supported.',
        },
      ],
    });
    expect(onlyMessage('message-unknown-type').content).toEqual({ type: 'unsupported', originalType: 'hologram', errors: [] });
  });

  it('maps a known type with a malformed body to unsupported instead of throwing', () => {
    const payload = JSON.parse(golden3.replace('{"body":"Does it come in another color?"}', '{"body":42}'));
    const event = parseWebhook(payload).events[0];
    expect(event?.kind === 'message' && event.content).toEqual({
      type: 'unsupported',
      originalType: 'text',
      errors: [],
      reason: 'malformed text payload',
    });
  });

  it('reads referral, referred product and forwarded context', () => {
    expect(onlyMessage('message-referral').referral).toMatchObject({
      sourceType: 'ad',
      sourceId: '120226305854810726',
      headline: 'Chat with us',
      welcomeMessage: 'Hi there! Let us know how we can help!',
    });
    expect(onlyMessage('message-product-inquiry').context?.referredProduct).toEqual({
      catalogId: '194836987003835',
      productRetailerId: 'di9ozbzfi4',
    });
    expect(onlyMessage('message-forwarded').context).toEqual({ forwarded: true, frequentlyForwarded: false });
  });
});

describe('parseWebhook: statuses and errors', () => {
  it('normalizes a sent status with conversation and pricing', () => {
    expect(onlyStatus('status-sent')).toEqual({
      kind: 'status',
      route: { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' },
      wamid: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA',
      status: 'sent',
      timestamp: 1698266945,
      date: new Date(1698266945 * 1000),
      recipientId: '16505551234',
      recipientUserId: 'US.13491208655302741918',
      bizOpaqueCallbackData: 'msg_01HZX',
      conversation: { id: '7270432ed57bde4f7c6c15ad17c6a4c2', expirationTimestamp: 1698339900, originType: 'service' },
      pricing: { billable: true, pricingModel: 'PMP', type: 'regular', category: 'marketing' },
      errors: [],
    });
  });

  it('normalizes delivered, read and failed statuses', () => {
    expect(onlyStatus('status-delivered')).toMatchObject({ status: 'delivered', conversation: { originType: 'service' } });
    const read = onlyStatus('status-read');
    expect(read.status).toBe('read');
    expect(read.pricing).toBeUndefined();
    const failed = onlyStatus('status-failed');
    expect(failed.status).toBe('failed');
    expect(failed.errors).toEqual([
      expect.objectContaining({ code: 131047, title: 'Re-engagement message', href: expect.stringContaining('error-codes') }),
    ]);
  });

  it('puts an unknown status value in ignored', () => {
    const payload = JSON.parse(JSON.stringify(fixture('status-read')).replace('"read"', '"teleported"'));
    const { events, ignored } = parseWebhook(payload);
    expect(events).toEqual([]);
    expect(ignored[0]?.reason).toBe('unknown status "teleported"');
  });

  it('emits top-level value errors as an error event', () => {
    const { events } = parseWebhook(fixture('value-errors'));
    expect(events).toEqual([
      {
        kind: 'error',
        route: { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' },
        errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong', details: 'Unable to process the request.' }],
      },
    ]);
  });
});

describe('parseWebhook: batches and odd payloads', () => {
  it('iterates every entry and change and matches each message to its contact', () => {
    const { events, ignored } = parseWebhook(fixture('batched'));
    expect(events.map((e) => (e.kind === 'status' || e.kind === 'message' ? e.wamid : e.kind))).toEqual([
      'wamid.BATCH1',
      'wamid.OUT1',
      'wamid.BATCH2',
      'wamid.BATCH3',
    ]);
    const [, , ana, bo] = events;
    expect(ana?.kind === 'message' && ana.contact?.name).toBe('Ana');
    expect(bo?.kind === 'message' && bo.contact?.name).toBe('Bo');
    expect(bo?.route).toEqual({ wabaId: '555000111222333', phoneNumberId: '222333444555666', displayPhoneNumber: '15550001111' });
    expect(ignored).toEqual([
      expect.objectContaining({ field: 'account_update', wabaId: '102290129340398', reason: 'not a messages change' }),
    ]);
  });

  it('lists other webhook fields as ignored', () => {
    const { events, ignored } = parseWebhook(fixture('template-status-update'));
    expect(events).toEqual([]);
    expect(ignored).toEqual([expect.objectContaining({ field: 'message_template_status_update' })]);
  });

  it('returns a reason, never throws, for non-objects and foreign payloads', () => {
    for (const payload of [null, 'x', 42, [], undefined]) {
      expect(parseWebhook(payload)).toEqual({ events: [], ignored: [{ reason: 'payload is not a JSON object' }] });
    }
    const page = parseWebhook({ object: 'page', entry: [] });
    expect(page.events).toEqual([]);
    expect(page.ignored[0]?.reason).toBe('unexpected object "page"');
  });

  it('survives garbage inside entries, changes and messages', () => {
    const { events, ignored } = parseWebhook({
      object: 'whatsapp_business_account',
      entry: [
        null,
        { id: '1', changes: 'nope' },
        { id: '2', changes: [{ field: 'messages' }, { field: 'messages', value: { metadata: {} } }] },
        {
          id: '3',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { display_phone_number: '1', phone_number_id: '9' },
                messages: [{ type: 'text' }, 'x', { id: 'wamid.OK', timestamp: '1', type: 'text', text: { body: 'ok' }, extra: { a: 1 } }],
                contacts: 'not an array',
              },
            },
          ],
        },
      ],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'message', wamid: 'wamid.OK', content: { type: 'text', body: 'ok' } });
    expect(ignored.map((i) => i.reason)).toEqual([
      'entry is not an object',
      'change without a value object',
      'messages change without metadata.phone_number_id',
      'message without a usable id or timestamp',
      'message without a usable id or timestamp',
    ]);
  });
});
