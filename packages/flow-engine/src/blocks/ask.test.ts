import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { askBlock } from './ask';
import { askInputSchema, validateAnswer } from './ask-validation';

const check = (input: unknown, body: string) => validateAnswer(askInputSchema.parse(input), { type: 'text', body });

describe('ask validation', () => {
  it('text with length bounds', () => {
    expect(check({ kind: 'text' }, '  hello ')).toBe('hello');
    expect(check({ kind: 'text' }, '   ')).toBeUndefined();
    expect(check({ kind: 'text', minLength: 3, maxLength: 4 }, 'ab')).toBeUndefined();
    expect(check({ kind: 'text', maxLength: 4 }, 'abcde')).toBeUndefined();
  });

  it('numbers, with comma decimals, integers and ranges', () => {
    expect(check({ kind: 'number' }, '12,5')).toBe(12.5);
    expect(check({ kind: 'number' }, '-3')).toBe(-3);
    expect(check({ kind: 'number' }, '1 000')).toBe(1000);
    expect(check({ kind: 'number' }, '12abc')).toBeUndefined();
    expect(check({ kind: 'number', integer: true }, '1.5')).toBeUndefined();
    expect(check({ kind: 'number', min: 1, max: 10 }, '11')).toBeUndefined();
    expect(check({ kind: 'number' }, '1e999')).toBeUndefined();
  });

  it('emails and phones', () => {
    expect(check({ kind: 'email' }, 'ana@example.com')).toBe('ana@example.com');
    for (const bad of ['ana@', 'ana@example', 'ana example.com', '@x.io', `${'a'.repeat(250)}@x.io`]) expect(check({ kind: 'email' }, bad)).toBeUndefined();
    expect(check({ kind: 'phone' }, '+351 912-345 (678)')).toBe('+351912345678');
    expect(check({ kind: 'phone' }, '12345')).toBeUndefined();
  });

  it('real calendar dates in the configured format, stored as ISO', () => {
    expect(check({ kind: 'date' }, '2024-02-29')).toBe('2024-02-29');
    expect(check({ kind: 'date' }, '2023-02-29')).toBeUndefined();
    expect(check({ kind: 'date', format: 'DD/MM/YYYY' }, '31/12/2024')).toBe('2024-12-31');
    expect(check({ kind: 'date', format: 'MM/DD/YYYY' }, '12/31/2024')).toBe('2024-12-31');
    expect(check({ kind: 'date', format: 'MM/DD/YYYY' }, '31/12/2024')).toBeUndefined();
  });

  it('choices, case-insensitive, from text or a tapped reply', () => {
    const input = askInputSchema.parse({ kind: 'choice', choices: ['Red', 'Blue'] });
    expect(validateAnswer(input, { type: 'text', body: 'blue' })).toBe('Blue');
    expect(validateAnswer(input, { type: 'button_reply', id: 'x', title: 'Red' })).toBe('Red');
    expect(validateAnswer(input, { type: 'text', body: 'green' })).toBeUndefined();
    expect(validateAnswer(input, { type: 'media', mediaType: 'image', id: '1' })).toBeUndefined();
  });
});

describe('ask block', () => {
  const flow = buildFlow(
    [
      anyTrigger,
      ['age', 'ask', { prompt: 'Age, {{name}}?', variable: 'age', input: { kind: 'number' }, retryPrompt: 'A number please', maxAttempts: 2 }],
      ['ok', 'text', { text: 'You are {{age}}' }],
      ['bye', 'text', { text: 'Giving up' }],
    ],
    [['start', 'next', 'age'], ['age', 'next', 'ok'], ['age', 'fallback', 'bye']],
    { variables: [{ name: 'name', default: 'Ana' }] },
  );

  it('prompts, stores a valid answer and continues', () => {
    const chat = new Conversation(flow);
    expect(texts(chat.say('hi').effects)).toEqual(['Age, Ana?']);
    expect(chat.session?.waitingFor).toEqual({ kind: 'input', nodeId: 'age', attempts: 0 });
    const result = chat.say('41');
    expect(result.effects[0]).toEqual({ type: 'set_variables', nodeId: 'age', variables: { age: 41 } });
    expect(texts(result.effects)).toEqual(['You are 41']);
    expect(result.session?.variables).toMatchObject({ age: 41 });
  });

  it('retries, then takes the fallback edge after max attempts', () => {
    const chat = new Conversation(flow);
    chat.say('hi');
    expect(texts(chat.say('old').effects)).toEqual(['A number please']);
    expect(chat.session?.waitingFor?.attempts).toBe(1);
    expect(texts(chat.say('very old').effects)).toEqual(['Giving up']);
  });

  it('ends with max_attempts when the fallback is not connected, and asks forever without a maximum', () => {
    const noFallback = buildFlow([anyTrigger, ['q', 'ask', { prompt: 'Email?', variable: 'email', input: { kind: 'email' }, maxAttempts: 1 }]], [['start', 'next', 'q']]);
    const chat = new Conversation(noFallback);
    chat.say('hi');
    expect(chat.say('nope').session).toMatchObject({ status: 'ended', endReason: 'max_attempts' });

    const forever = buildFlow([anyTrigger, ['q', 'ask', { prompt: 'Email?', variable: 'email', input: { kind: 'email' } }]], [['start', 'next', 'q']]);
    const patient = new Conversation(forever);
    patient.say('hi');
    for (let i = 0; i < 30; i += 1) expect(texts(patient.say('nope').effects)).toEqual(["Sorry, I didn't get that. Please try again."]);
  });

  it('has a fallback handle only with max attempts, and lints a missing fallback edge', () => {
    const parse = (d: unknown) => askBlock.dataSchema.parse(d);
    const base = { prompt: 'Q?', variable: 'v', input: { kind: 'text' } };
    expect(askBlock.handles(parse(base)).map((h) => h.id)).toEqual(['next']);
    expect(askBlock.handles(parse({ ...base, maxAttempts: 3 })).map((h) => h.id)).toEqual(['next', 'fallback']);
    const codes = (d: unknown, connected: string[]) =>
      askBlock.lint(parse(d), { connectedHandles: new Set(connected), nodeIds: new Set(), variableTypes: new Map() }).map((f) => f.code);
    expect(codes({ ...base, maxAttempts: 3 }, ['next'])).toEqual(['missing_fallback_edge']);
    expect(codes({ ...base, prompt: '' }, ['next'])).toEqual(['empty_message']);
    expect(codes({ ...base, prompt: 'p'.repeat(4097) }, ['next'])).toEqual(['text_too_long']);
    expect(codes({ ...base, input: { kind: 'choice', choices: [] } }, ['next'])).toEqual(['no_choices']);
    expect(codes({ ...base, input: { kind: 'number', min: 5, max: 1 } }, ['next'])).toEqual(['invalid_range']);
    expect(codes({ ...base, input: { kind: 'text', minLength: 5, maxLength: 1 } }, ['next'])).toEqual(['invalid_range']);
  });
});
