import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { aiBlock } from './ai';

function flowWith(data: unknown) {
  return buildFlow(
    [anyTrigger, ['ai', 'ai', data], ['ok', 'text', { text: 'done' }], ['ko', 'text', { text: 'AI failed' }]],
    [['start', 'next', 'ai'], ['ai', 'success', 'ok'], ['ai', 'error', 'ko']],
    { variables: [{ name: 'name', default: 'Ana' }] },
  );
}

describe('ai block', () => {
  it('emits the ai effect contract and waits for ai_result', () => {
    const chat = new Conversation(
      flowWith({ instructions: 'Be brief with {{name}}', prompt: 'Summarize', model: 'small', outputVariable: 'summary', outputSchema: { type: 'object' }, mode: 'store' }),
    );
    const { effects, session } = chat.say('x');
    expect(effects).toEqual([
      { type: 'ai', nodeId: 'ai', instructions: 'Be brief with Ana', prompt: 'Summarize', model: 'small', outputVariable: 'summary', outputSchema: { type: 'object' }, mode: 'store' },
    ]);
    expect(session?.waitingFor).toEqual({ kind: 'ai', nodeId: 'ai' });
    const result = chat.send({ type: 'ai_result', output: { topic: 'pricing' } });
    expect(result.session?.variables).toMatchObject({ summary: { topic: 'pricing' } });
    expect(texts(result.effects)).toEqual(['done']);
  });

  it('in reply mode sends the output as text', () => {
    const chat = new Conversation(flowWith({ instructions: 'Answer', mode: 'reply' }));
    chat.say('x');
    expect(texts(chat.send({ type: 'ai_result', nodeId: 'ai', output: 'Hello there' }).effects)).toEqual(['Hello there', 'done']);
  });

  it('takes `error` on an error result', () => {
    const chat = new Conversation(flowWith({ instructions: 'Answer' }));
    chat.say('x');
    expect(texts(chat.send({ type: 'ai_result', error: 'provider down' }).effects)).toEqual(['AI failed']);
  });

  it('ends with ai_error when the error edge is missing', () => {
    const flow = buildFlow([anyTrigger, ['ai', 'ai', { instructions: 'Answer' }]], [['start', 'next', 'ai']]);
    const chat = new Conversation(flow);
    chat.say('x');
    const result = chat.send({ type: 'ai_result', error: 'provider down' });
    expect(result.effects[0]).toMatchObject({ type: 'log', code: 'ai_error' });
    expect(result.session).toMatchObject({ status: 'ended', endReason: 'ai_error' });
  });

  it('lints instructions, store mode and the error edge', () => {
    const codes = (data: unknown, connected = ['success', 'error']) =>
      aiBlock.lint(aiBlock.dataSchema.parse(data), { connectedHandles: new Set(connected), nodeIds: new Set(), variableTypes: new Map() }).map((f) => f.code);
    expect(codes({ instructions: '', mode: 'store' }, ['success'])).toEqual(['empty_message', 'missing_output_variable', 'unconnected_handle']);
    expect(codes({ instructions: 'x' })).toEqual([]);
  });
});
