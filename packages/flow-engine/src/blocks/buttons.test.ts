import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { buttonsBlock } from './buttons';

const menu = ['menu', 'buttons', { body: 'Pick', header: 'Menu', footer: 'Thanks', buttons: [{ id: 'a', title: 'Apples' }, { id: 'b', title: 'Bananas' }] }] as [string, string, unknown];

describe('buttons block', () => {
  const flow = buildFlow([anyTrigger, menu, ['ta', 'text', { text: 'A' }], ['tb', 'text', { text: 'B' }]], [['start', 'next', 'menu'], ['menu', 'button:a', 'ta'], ['menu', 'button:b', 'tb']]);

  it('sends an interactive button message and waits for input', () => {
    const { effects, session } = new Conversation(flow).say('hi');
    expect(effects[0]).toEqual({
      type: 'send',
      nodeId: 'menu',
      message: {
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Menu' },
          body: { text: 'Pick' },
          footer: { text: 'Thanks' },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'Apples' } }, { type: 'reply', reply: { id: 'b', title: 'Bananas' } }] },
        },
      },
    });
    expect(session).toMatchObject({ status: 'waiting', waitingFor: { kind: 'input', nodeId: 'menu' } });
  });

  it('follows the tapped button, or a typed title', () => {
    const chat = new Conversation(flow);
    chat.say('hi');
    expect(texts(chat.send({ type: 'message', content: { type: 'button_reply', id: 'b', title: 'Bananas' } }).effects)).toEqual(['B']);
    chat.say('hi');
    expect(texts(chat.say(' apples ').effects)).toEqual(['A']);
  });

  it('shows the buttons again on another reply, or follows `fallback` when connected', () => {
    const chat = new Conversation(flow);
    chat.say('hi');
    const again = chat.say('what?');
    expect(again.effects[0]).toMatchObject({ type: 'send', message: { type: 'interactive' } });
    expect(chat.session?.waitingFor).toMatchObject({ kind: 'input', nodeId: 'menu' });

    const withFallback = buildFlow([anyTrigger, menu, ['f', 'text', { text: 'Please tap a button' }]], [['start', 'next', 'menu'], ['menu', 'fallback', 'f']]);
    const other = new Conversation(withFallback);
    other.say('hi');
    expect(texts(other.say('what?').effects)).toEqual(['Please tap a button']);
  });

  it('has one handle per button plus fallback', () => {
    expect(buttonsBlock.handles(buttonsBlock.dataSchema.parse(menu[2])).map((h) => h.id)).toEqual(['button:a', 'button:b', 'fallback']);
  });

  it('lints WhatsApp limits and unconnected buttons', () => {
    const codes = (data: unknown, connected: string[] = []) =>
      buttonsBlock
        .lint(buttonsBlock.dataSchema.parse(data), { connectedHandles: new Set(connected), nodeIds: new Set(), variableTypes: new Map() })
        .map((f) => f.code);
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    expect(codes({ body: 'x', buttons: four }, four.map((b) => `button:${b.id}`))).toEqual(['too_many_buttons']);
    expect(codes({ body: 'x', buttons: [{ id: 'a', title: 'This title is far too long' }] }, ['button:a'])).toEqual(['button_title_too_long']);
    expect(codes({ body: 'x', buttons: [{ id: 'a', title: 'A' }, { id: 'a', title: 'A' }] }, ['button:a'])).toEqual(['duplicate_button_id', 'duplicate_button_title']);
    expect(codes({ body: '', buttons: [] })).toEqual(['empty_message', 'no_buttons']);
    expect(codes({ body: 'x', buttons: [{ id: ' a', title: '' }] }, ['button: a'])).toEqual(['empty_button_title', 'invalid_button_id']);
    expect(codes({ body: 'x'.repeat(1025), header: 'h'.repeat(61), footer: 'f'.repeat(61), buttons: [{ id: 'i'.repeat(257), title: 'A' }] }, [`button:${'i'.repeat(257)}`])).toEqual([
      'body_too_long',
      'header_too_long',
      'footer_too_long',
      'button_id_too_long',
    ]);
    expect(codes({ body: 'x', buttons: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] }, ['button:a'])).toEqual(['unconnected_handle']);
  });
});
