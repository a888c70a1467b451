import { describe, expect, it } from 'vitest';
import { messagePreview } from './message-preview';

describe('messagePreview', () => {
  it('reads text, buttons, replies, templates and media', () => {
    expect(messagePreview('text', { text: { body: 'hi' } })).toBe('hi');
    expect(
      messagePreview('interactive', {
        interactive: { type: 'button', body: { text: 'How can we help?' }, action: { buttons: [{ type: 'reply', reply: { id: 'sales', title: 'Sales' } }, { type: 'reply', reply: { id: 'support', title: 'Support' } }] } },
      }),
    ).toBe('How can we help? [Sales] [Support]');
    expect(messagePreview('interactive', { interactive: { type: 'button_reply', button_reply: { id: 'sales', title: 'Sales' } } })).toBe('Sales');
    expect(messagePreview('template', { template: { name: 'order_update', language: { code: 'en' } } })).toBe('Template order_update');
    const filled = { name: 'order_update', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: '#1042' }] }] };
    expect(messagePreview('template', { template: filled })).toBe('Template order_update: Ada · #1042');
    expect(messagePreview('image', { image: { id: '1', caption: 'receipt' } })).toBe('[image] receipt');
    expect(messagePreview('sticker', { sticker: { id: '1' } })).toBe('[sticker]');
    expect(messagePreview('text', null)).toBe('[text]');
  });
});
