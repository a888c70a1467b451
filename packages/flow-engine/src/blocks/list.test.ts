import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { listBlock } from './list';

const data = {
  body: 'Choose a size',
  buttonLabel: 'Sizes',
  sections: [{ title: 'All', rows: [{ id: 's', title: 'Small', description: 'For one' }, { id: 'l', title: 'Large' }] }],
};

describe('list block', () => {
  const flow = buildFlow([anyTrigger, ['sizes', 'list', data], ['ts', 'text', { text: 'small it is' }]], [['start', 'next', 'sizes'], ['sizes', 'row:s', 'ts']]);

  it('sends an interactive list and follows the picked row', () => {
    const chat = new Conversation(flow);
    expect(chat.say('hi').effects[0]).toEqual({
      type: 'send',
      nodeId: 'sizes',
      message: {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Choose a size' },
          action: { button: 'Sizes', sections: [{ title: 'All', rows: [{ id: 's', title: 'Small', description: 'For one' }, { id: 'l', title: 'Large' }] }] },
        },
      },
    });
    expect(texts(chat.send({ type: 'message', content: { type: 'list_reply', id: 's', title: 'Small' } }).effects)).toEqual(['small it is']);
  });

  it('ends when the picked row is not connected, and repeats on an unknown reply', () => {
    const chat = new Conversation(flow);
    chat.say('hi');
    expect(chat.say('medium').effects[0]).toMatchObject({ message: { type: 'interactive' } });
    expect(chat.say('large').session).toMatchObject({ status: 'ended', endReason: 'completed' });
  });

  it('has one handle per row plus fallback', () => {
    expect(listBlock.handles(listBlock.dataSchema.parse(data)).map((h) => h.id)).toEqual(['row:s', 'row:l', 'fallback']);
  });

  it('lints WhatsApp list limits', () => {
    const codes = (d: unknown) =>
      listBlock
        .lint(listBlock.dataSchema.parse(d), { connectedHandles: new Set(['row:a']), nodeIds: new Set(), variableTypes: new Map() })
        .map((f) => f.code);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i === 0 ? 'a' : `r${i}`, title: `Row ${i}` }));
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: [{ rows: rows(11) }] })).toContain('too_many_list_rows');
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: [{ rows: [{ id: 'a', title: 'A row title longer than 24' }] }] })).toEqual(['list_row_title_too_long']);
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: [{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(73) }] }] })).toEqual(['list_row_description_too_long']);
    expect(codes({ body: '', buttonLabel: '', sections: [] })).toEqual(['empty_message', 'empty_list_button', 'no_list_rows']);
    expect(codes({ body: 'x', buttonLabel: 'A very long list label', sections: [{ rows: rows(1) }] })).toEqual(['list_button_too_long']);
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: [{ title: 'S'.repeat(25), rows: rows(1) }, { rows: [{ id: 'a', title: '' }] }] })).toEqual([
      'list_section_title_too_long',
      'list_section_title_missing',
      'empty_list_row_title',
      'duplicate_list_row_id',
    ]);
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [{ id: i === 0 ? 'a' : `r${i}`, title: 'R' }] })) })).toEqual([
      'too_many_list_rows',
      'too_many_list_sections',
      ...Array.from({ length: 10 }, () => 'unconnected_handle'),
    ]);
    expect(codes({ body: 'x', buttonLabel: 'Go', sections: [{ rows: [{ id: 'a ', title: 'A' }, { id: 'i'.repeat(201), title: 'B' }] }] })).toEqual([
      'invalid_list_row_id',
      'list_row_id_too_long',
      'unconnected_handle',
      'unconnected_handle',
    ]);
  });
});
