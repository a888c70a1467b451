import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation } from '../test-support/build-flow';
import { mediaBlock } from './media';

describe('media block', () => {
  it('sends an image by link with an interpolated caption', () => {
    const flow = buildFlow(
      [anyTrigger, ['m', 'media', { mediaType: 'image', link: 'https://cdn.example.com/{{file}}', caption: 'For {{file}}' }]],
      [['start', 'next', 'm']],
      { variables: [{ name: 'file', default: 'a b.png' }] },
    );
    expect(new Conversation(flow).say('x').effects[0]).toEqual({
      type: 'send',
      nodeId: 'm',
      message: { type: 'image', image: { link: 'https://cdn.example.com/a b.png', caption: 'For a b.png' } },
    });
  });

  it('sends audio and documents by media id (no caption on audio)', () => {
    const flow = buildFlow(
      [anyTrigger, ['a', 'media', { mediaType: 'audio', mediaId: '123', caption: 'ignored' }], ['d', 'media', { mediaType: 'document', mediaId: '9', filename: 'menu.pdf' }]],
      [['start', 'next', 'a'], ['a', 'next', 'd']],
    );
    const sends = new Conversation(flow).say('x').effects.filter((e) => e.type === 'send');
    expect(sends.map((e) => e.type === 'send' && e.message)).toEqual([
      { type: 'audio', audio: { id: '123' } },
      { type: 'document', document: { id: '9', filename: 'menu.pdf' } },
    ]);
  });

  it('lints the source, URL and caption', () => {
    const lint = (data: unknown) => mediaBlock.lint(mediaBlock.dataSchema.parse(data)).map((f) => f.code);
    expect(lint({ mediaType: 'image' })).toEqual(['media_source']);
    expect(lint({ mediaType: 'image', link: 'x', mediaId: '1' })).toContain('media_source');
    expect(lint({ mediaType: 'image', link: 'ftp://x' })).toEqual(['invalid_url']);
    expect(lint({ mediaType: 'video', mediaId: '1', caption: 'c'.repeat(1025) })).toEqual(['caption_too_long']);
    expect(lint({ mediaType: 'audio', mediaId: '1', caption: 'c' })).toEqual(['caption_ignored']);
    expect(lint({ mediaType: 'image', link: '{{url}}' })).toEqual([]);
  });
});
