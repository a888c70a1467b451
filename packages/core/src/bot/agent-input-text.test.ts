import { describe, expect, it } from 'vitest';
import { agentInputText } from './agent-input-text';

describe('agentInputText', () => {
  it('reads texts, taps, locations and names media it cannot read', () => {
    expect(
      agentInputText([
        { type: 'text', body: 'hi' },
        { type: 'button_reply', id: 'b1', title: 'Yes' },
        { type: 'list_reply', id: 'r', title: 'Large', description: 'XL' },
        { type: 'media', mediaType: 'audio', id: 'm1' },
        { type: 'media', mediaType: 'image', id: 'm2', caption: 'my receipt' },
        { type: 'media', mediaType: 'document', id: 'm3', filename: 'menu.docx' },
        { type: 'location', latitude: 1.5, longitude: 2, name: 'Shop' },
        { type: 'other', originalType: 'poll' },
      ]),
    ).toBe(
      'hi\nYes\nLarge (XL)\n[the user sent an audio that could not be read]\n[the user sent an image that could not be read] my receipt\n[the user sent a document "menu.docx" that could not be read]\n[location: Shop (1.5, 2)]\n[the user sent a poll that could not be read]',
    );
  });
});
