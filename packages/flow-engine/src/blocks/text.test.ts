import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';

describe('text block', () => {
  const flow = buildFlow(
    [anyTrigger, ['greet', 'text', { text: 'Hi {{ name }}, you are {{age}}; {{profile}}' }]],
    [['start', 'next', 'greet']],
    { variables: [{ name: 'name', default: 'Ana' }, { name: 'age', type: 'number', default: 30 }, { name: 'profile', type: 'json', default: { vip: true } }] },
  );

  it('sends a Cloud API text message with variables filled in', () => {
    const { effects } = new Conversation(flow).say('hey');
    expect(effects[0]).toEqual({ type: 'send', nodeId: 'greet', message: { type: 'text', text: { body: 'Hi Ana, you are 30; {"vip":true}' } } });
  });

  it('uses its fallback template outside the 24 h window', () => {
    const withFallback = buildFlow(
      [anyTrigger, ['t', 'text', { text: 'hello', fallbackTemplate: { name: 'follow_up', language: 'en', parameters: ['{{name}}'] } }]],
      [['start', 'next', 't']],
      { variables: [{ name: 'name', default: 'Ana' }] },
    );
    const { effects } = new Conversation(withFallback).say('x', { windowOpen: false });
    expect(effects[0]).toMatchObject({
      type: 'send',
      message: { type: 'template', template: { name: 'follow_up', language: { code: 'en' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } },
    });
  });

  it('ends the session with a clear reason outside the window without a fallback', () => {
    const result = new Conversation(flow).say('x', { windowOpen: false });
    expect(texts(result.effects)).toEqual([]);
    expect(result.session).toMatchObject({ status: 'ended', endReason: 'window_closed' });
    expect(result.effects.find((e) => e.type === 'end')).toMatchObject({ reason: 'window_closed', detail: expect.stringMatching(/24 h window/) });
  });

  it('skips a text that renders empty and clips one that renders too long', () => {
    const f = buildFlow(
      [anyTrigger, ['a', 'text', { text: '{{missing}}' }], ['b', 'text', { text: '{{long}}' }]],
      [['start', 'next', 'a'], ['a', 'next', 'b']],
      { variables: [{ name: 'missing' }, { name: 'long', default: 'x'.repeat(5000) }] },
    );
    const { effects } = new Conversation(f).say('x');
    expect(effects.find((e) => e.type === 'log')).toMatchObject({ code: 'empty_text_skipped', nodeId: 'a' });
    expect(texts(effects)[0]).toHaveLength(4096);
  });
});
