import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { markReadRequestSchema } from './mark-read-request';
import { toValidationIssues } from './message-validation-error';
import { buildOutgoingMessageSchema, outgoingContentSchema, outgoingMessageSchema } from './outgoing-message';

function issues(input: unknown) {
  const result = outgoingMessageSchema.safeParse(input);
  return result.success ? [] : toValidationIssues(result.error);
}
const paths = (input: unknown) => issues(input).map((i) => i.path);
const to = '16505551234';

describe('envelope', () => {
  it('accepts to with or without +, or a BSUID recipient, with context and callback data', () => {
    expect(paths({ to: '+16505551234', type: 'text', text: { body: 'hi' } })).toEqual([]);
    expect(
      paths({
        recipient: 'US.13491208655302741918',
        type: 'text',
        text: { body: 'hi' },
        context: { message_id: 'wamid.A' },
        biz_opaque_callback_data: 'x'.repeat(512),
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
      }),
    ).toEqual([]);
  });

  it('requires exactly one of to / recipient and a well-formed phone number', () => {
    expect(issues({ type: 'text', text: { body: 'hi' } })).toEqual([
      { path: 'to', message: 'either to (phone number) or recipient (BSUID) is required' },
    ]);
    expect(paths({ to, recipient: 'US.1', type: 'text', text: { body: 'hi' } })).toEqual(['recipient']);
    expect(paths({ to: '+1 650 555', type: 'text', text: { body: 'hi' } })).toEqual(['to']);
    expect(paths({ recipient: '16505551234', type: 'text', text: { body: 'hi' } })).toEqual(['recipient']);
  });

  it('limits biz_opaque_callback_data to 512 characters and rejects unknown types and keys', () => {
    expect(paths({ to, type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: 'x'.repeat(513) })).toEqual([
      'biz_opaque_callback_data',
    ]);
    expect(paths({ to, type: 'hologram' })).toEqual(['type']);
    expect(paths({ to, type: 'text', text: { body: 'hi', bold: true } })).toEqual(['text']);
  });
});

describe('text', () => {
  it('takes a body of 1–4096 characters and preview_url', () => {
    expect(paths({ to, type: 'text', text: { body: 'x'.repeat(4096), preview_url: true } })).toEqual([]);
    expect(paths({ to, type: 'text', text: { body: '' } })).toEqual(['text.body']);
    expect(issues({ to, type: 'text', text: { body: 'x'.repeat(4097) } })).toEqual([
      { path: 'text.body', message: 'must be at most 4096 characters' },
    ]);
  });
});

describe('media', () => {
  it('needs exactly one of id or link', () => {
    expect(paths({ to, type: 'image', image: { id: '1003383421387256', caption: 'hi' } })).toEqual([]);
    expect(paths({ to, type: 'document', document: { link: 'https://x.y/r.pdf', filename: 'r.pdf', caption: 'c' } })).toEqual([]);
    expect(issues({ to, type: 'image', image: {} })).toEqual([{ path: 'image', message: 'exactly one of id or link is required' }]);
    expect(paths({ to, type: 'video', video: { id: '1', link: 'https://x.y/v.mp4' } })).toEqual(['video']);
    expect(paths({ to, type: 'image', image: { link: 'ftp://x.y/a.jpg' } })).toEqual(['image.link']);
  });

  it('allows captions only on image, video and document, filename only on document', () => {
    expect(paths({ to, type: 'audio', audio: { id: '1', caption: 'no' } })).toEqual(['audio']);
    expect(paths({ to, type: 'sticker', sticker: { id: '1', caption: 'no' } })).toEqual(['sticker']);
    expect(paths({ to, type: 'image', image: { id: '1', filename: 'a.jpg' } })).toEqual(['image']);
    expect(paths({ to, type: 'video', video: { id: '1', caption: 'c'.repeat(1025) } })).toEqual(['video.caption']);
  });
});

describe('template', () => {
  const template = (extra: Record<string, unknown> = {}) => ({
    to,
    type: 'template',
    template: { name: 'order_update', language: { code: 'en_US' }, ...extra },
  });

  it("accepts Meta's example with header image, body text/currency/date_time and a quick-reply button", () => {
    expect(
      paths(
        template({
          components: [
            { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.y/a.jpg' } }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Jessica' },
                { type: 'text', parameter_name: 'order_id', text: '42' },
                { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
                { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
              ],
            },
            { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP' }] },
            { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'order/42' }] },
            { type: 'button', sub_type: 'copy_code', index: '2', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE10' }] },
            { type: 'button', sub_type: 'flow', index: '3', parameters: [{ type: 'action', action: { flow_token: 'tok' } }] },
          ],
        }),
      ),
    ).toEqual([]);
    expect(paths(template())).toEqual([]);
  });

  it('rejects bad names, language codes, parameter kinds and duplicate components', () => {
    expect(paths(template({ name: 'Order Update' }))).toEqual(['template.name']);
    expect(paths(template({ language: { code: 'english' } }))).toEqual(['template.language.code']);
    expect(
      paths(template({ components: [{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'text', text: 'x' }] }] })),
    ).toEqual(['template.components.0.parameters.0.type']);
    expect(paths(template({ components: [{ type: 'button', sub_type: 'quick_reply', index: '10' }] }))).toEqual([
      'template.components.0.index',
    ]);
    expect(
      paths(template({ components: [{ type: 'body', parameters: [] }, { type: 'body', parameters: [] }] })),
    ).toEqual(['template.components.1']);
    expect(paths(template({ components: [{ type: 'body', parameters: [{ type: 'text', text: '' }] }] }))).toEqual([
      'template.components.0.parameters.0.text',
    ]);
    expect(
      paths(template({ components: [{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } }] }] })),
    ).toEqual(['template.components.0.parameters.0.currency.code']);
  });
});

describe('location, reaction, contacts', () => {
  it('checks coordinates', () => {
    expect(paths({ to, type: 'location', location: { latitude: 37.44, longitude: -122.16, name: 'Philz', address: '101 Forest Ave' } })).toEqual([]);
    expect(paths({ to, type: 'location', location: { latitude: 91, longitude: 0 } })).toEqual(['location.latitude']);
  });

  it('accepts an emoji or "" (remove) as a reaction', () => {
    expect(paths({ to, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '😀' } })).toEqual([]);
    expect(paths({ to, type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '' } })).toEqual([]);
    expect(paths({ to, type: 'reaction', reaction: { message_id: '', emoji: '😀' } })).toEqual(['reaction.message_id']);
  });

  it('needs at least one contact with a formatted name', () => {
    const card = { name: { formatted_name: 'Lucía Gómez', first_name: 'Lucía' }, phones: [{ phone: '+19835552319', type: 'MOBILE' }], birthday: '1999-01-23' };
    expect(paths({ to, type: 'contacts', contacts: [card] })).toEqual([]);
    expect(paths({ to, type: 'contacts', contacts: [] })).toEqual(['contacts']);
    expect(paths({ to, type: 'contacts', contacts: [{ name: {} }] })).toEqual(['contacts.0.name.formatted_name']);
    expect(paths({ to, type: 'contacts', contacts: [{ ...card, birthday: '23/01/1999' }] })).toEqual(['contacts.0.birthday']);
  });
});

describe('reuse by the REST API', () => {
  it('builds the same union around other envelope fields', () => {
    const rest = buildOutgoingMessageSchema({ channel_id: z.string(), to: z.string(), priority: z.enum(['high', 'low']).optional() });
    expect(rest.safeParse({ channel_id: 'c1', to, type: 'text', text: { body: 'hi' }, priority: 'high' }).success).toBe(true);
    const bad = rest.safeParse({ channel_id: 'c1', to, type: 'text', text: { body: '' } });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['text.body']);
  });

  it('validates bare content objects', () => {
    expect(outgoingContentSchema.safeParse({ type: 'reaction', reaction: { message_id: 'wamid.A', emoji: '' } }).success).toBe(true);
    expect(outgoingContentSchema.safeParse({ type: 'text', text: { body: 'hi' }, to }).success).toBe(false);
  });
});

describe('markReadRequestSchema', () => {
  it('golden case 20 body', () => {
    const body = { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A', typing_indicator: { type: 'text' } };
    expect(markReadRequestSchema.safeParse(body).success).toBe(true);
    expect(markReadRequestSchema.safeParse({ ...body, status: 'delivered' }).success).toBe(false);
    expect(markReadRequestSchema.safeParse({ ...body, typing_indicator: { type: 'audio' } }).success).toBe(false);
  });
});
