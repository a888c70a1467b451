import { messageContentSchema } from '@switchboard/flow-engine';
import { describe, expect, it } from 'vitest';
import { normalizeInboundContent } from './normalize-inbound-content';

describe('normalizeInboundContent', () => {
  it('maps text, taps, template quick replies and list rows', () => {
    expect(normalizeInboundContent({ type: 'text', body: 'hi' })).toEqual({ type: 'text', body: 'hi' });
    expect(normalizeInboundContent({ type: 'button_reply', id: 'sales', title: 'Sales' })).toEqual({ type: 'button_reply', id: 'sales', title: 'Sales' });
    expect(normalizeInboundContent({ type: 'button', payload: 'yes', text: 'Yes' })).toEqual({ type: 'button_reply', id: 'yes', title: 'Yes' });
    expect(normalizeInboundContent({ type: 'list_reply', id: 'r1', title: 'Row' })).toEqual({ type: 'list_reply', id: 'r1', title: 'Row' });
  });

  it('maps media and location, and anything else to other with Meta\'s type', () => {
    expect(normalizeInboundContent({ type: 'image', media: { id: 'm1', mimeType: 'image/jpeg' }, caption: 'c' })).toEqual({
      type: 'media', mediaType: 'image', id: 'm1', mimeType: 'image/jpeg', caption: 'c',
    });
    expect(normalizeInboundContent({ type: 'sticker', media: { id: 'm2' }, animated: false })).toEqual({ type: 'media', mediaType: 'sticker', id: 'm2' });
    expect(normalizeInboundContent({ type: 'location', latitude: 1, longitude: 2 })).toEqual({ type: 'location', latitude: 1, longitude: 2 });
    expect(normalizeInboundContent({ type: 'reaction', messageId: 'w', emoji: '👍', removed: false })).toEqual({ type: 'other', originalType: 'reaction' });
    expect(normalizeInboundContent({ type: 'unsupported', originalType: 'poll', errors: [] })).toEqual({ type: 'other', originalType: 'poll' });
  });

  it('always produces content the engine accepts', () => {
    const samples = [
      normalizeInboundContent({ type: 'audio', media: { id: 'a' }, voice: true }),
      normalizeInboundContent({ type: 'contacts', contacts: [] }),
      normalizeInboundContent({ type: 'system', systemType: 'user_changed_number' }),
    ];
    for (const sample of samples) expect(messageContentSchema.safeParse(sample).success).toBe(true);
  });
});
