import { messageTemplateSchema } from '@switchboard/whatsapp';
import { describe, expect, it } from 'vitest';
import { buildTemplateContent, previewTemplateBody } from './agent-reply-schemas';
import { toReplyTemplate } from './to-reply-template';

const template = (overrides: Record<string, unknown>) =>
  messageTemplateSchema.parse({ id: '1', name: 't', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [], ...overrides });

describe('toReplyTemplate', () => {
  it('reads Meta\'s example template: header, body parameters with examples, footer and buttons', () => {
    // Meta's own example (OpenAPI v23, message_templates).
    const view = toReplyTemplate(template({
      name: '2023_april_promo', category: 'MARKETING',
      components: [
        { format: 'TEXT', text: 'Fall Sale', type: 'HEADER' },
        { example: { body_text: [['Mark', 'FALL25']] }, text: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}}', type: 'BODY' },
        { text: 'Not interested? Tap Stop promotions', type: 'FOOTER' },
        { buttons: [{ text: 'Stop promotions', type: 'QUICK_REPLY' }], type: 'BUTTONS' },
      ],
    }));
    expect(view).toEqual({
      name: '2023_april_promo', language: 'en_US', category: 'MARKETING',
      header: 'Fall Sale', body: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}}', footer: 'Not interested? Tap Stop promotions',
      buttons: ['Stop promotions'], parameter_format: 'positional',
      parameters: [{ key: '1', example: 'Mark' }, { key: '2', example: 'FALL25' }], unsupported: null,
    });
  });

  it('reads named parameters and their examples', () => {
    const view = toReplyTemplate(template({
      parameter_format: 'NAMED',
      components: [{ type: 'BODY', text: 'Hi {{first_name}}', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ada' }] } }],
    }));
    expect(view).toMatchObject({ parameter_format: 'named', parameters: [{ key: 'first_name', example: 'Ada' }] });
  });

  it.each([
    ['a media header', { components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'x' }] }, /image header/],
    ['a header variable', { components: [{ type: 'HEADER', format: 'TEXT', text: 'Hi {{1}}' }, { type: 'BODY', text: 'x' }] }, /header has a variable/],
    ['a URL button with a variable', { components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://x.test/{{1}}' }] }] }, /buttons need values/],
    ['a copy-code button', { components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', text: 'Copy' }] }] }, /buttons need values/],
    ['the authentication category', { category: 'AUTHENTICATION', components: [{ type: 'BODY', text: '{{1}} is your code' }] }, /Authentication/],
  ])('marks a template with %s as not sendable from the inbox', (_what, overrides, reason) => {
    expect(toReplyTemplate(template(overrides)).unsupported).toMatch(reason);
  });

  it('accepts static URL and phone buttons', () => {
    const view = toReplyTemplate(template({ components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Site', url: 'https://x.test' }, { type: 'PHONE_NUMBER', text: 'Call' }] }] }));
    expect(view.unsupported).toBeNull();
  });
});

describe('buildTemplateContent and previewTemplateBody', () => {
  it('sends positional values in order and named ones with their names', () => {
    expect(buildTemplateContent({ name: 'order_update', language: 'en_US', parameter_format: 'positional', parameters: [{ key: '1', example: null }, { key: '2', example: null }] }, { 1: ' Ada ', 2: '#1' })).toEqual({
      name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '#1' }] }],
    });
    expect(buildTemplateContent({ name: 'f', language: 'en', parameter_format: 'named', parameters: [{ key: 'first_name', example: null }] }, { first_name: 'Ada' }).components).toEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Ada', parameter_name: 'first_name' }] },
    ]);
    expect(buildTemplateContent({ name: 'hello_world', language: 'en_US', parameter_format: 'positional', parameters: [] }, {})).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
  });

  it('fills the preview and leaves empty placeholders visible', () => {
    expect(previewTemplateBody('Hi {{1}}, order {{2}}', { 1: 'Ada', 2: ' ' })).toBe('Hi Ada, order {{2}}');
  });
});
