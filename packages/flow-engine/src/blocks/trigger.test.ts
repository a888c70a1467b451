import { describe, expect, it } from 'vitest';
import { buildFlow, Conversation } from '../test-support/build-flow';
import { triggerBlock, triggerMatches } from './trigger';

const data = (match: unknown) => triggerBlock.dataSchema.parse({ match });
const text = (body: string) => ({ type: 'text' as const, body });

describe('trigger block', () => {
  it('matches any message', () => {
    expect(triggerMatches(data({ kind: 'any' }), { type: 'location', latitude: 1, longitude: 2 })).toBe(true);
  });

  it('matches keywords exactly (trimmed, case-insensitive) or contained', () => {
    const exact = data({ kind: 'keyword', keywords: ['hi', 'hello'] });
    expect(triggerMatches(exact, text(' HI '))).toBe(true);
    expect(triggerMatches(exact, text('hi there'))).toBe(false);
    const contains = data({ kind: 'keyword', keywords: ['price'], mode: 'contains' });
    expect(triggerMatches(contains, text('What is the PRICE?'))).toBe(true);
    const cased = data({ kind: 'keyword', keywords: ['Hi'], caseSensitive: true });
    expect(triggerMatches(cased, text('hi'))).toBe(false);
  });

  it('matches a regex, and an invalid one never matches', () => {
    expect(triggerMatches(data({ kind: 'regex', pattern: '^order\\s+\\d+$' }), text('Order 42'))).toBe(true);
    expect(triggerMatches(data({ kind: 'regex', pattern: '(' }), text('('))).toBe(false);
  });

  it('matches button and list payloads by id', () => {
    const payload = data({ kind: 'payload', payloads: ['promo_yes'] });
    expect(triggerMatches(payload, { type: 'button_reply', id: 'promo_yes', title: 'Yes' })).toBe(true);
    expect(triggerMatches(payload, { type: 'list_reply', id: 'promo_yes', title: 'Yes' })).toBe(true);
    expect(triggerMatches(payload, text('promo_yes'))).toBe(false);
  });

  it('does not start a session when the first message does not match', () => {
    const flow = buildFlow([['start', 'trigger', { match: { kind: 'keyword', keywords: ['hi'] } }], ['t', 'text', { text: 'hello' }]], [['start', 'next', 't']]);
    const chat = new Conversation(flow);
    expect(chat.say('yo')).toEqual({ session: null, effects: [] });
    expect(chat.say('hi').effects[0]).toMatchObject({ type: 'send', message: { text: { body: 'hello' } } });
  });

  it('offers one `next` handle and lints invalid patterns', () => {
    expect(triggerBlock.handles()).toEqual([{ id: 'next', label: 'Start' }]);
    expect(triggerBlock.lint(data({ kind: 'regex', pattern: '[a-' }))[0]?.code).toBe('invalid_regex');
    expect(triggerBlock.lint(data({ kind: 'any' }))).toEqual([]);
  });
});
