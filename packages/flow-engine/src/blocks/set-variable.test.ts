import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { setVariableBlock } from './set-variable';

describe('set variable block', () => {
  it('evaluates assignments in order and emits set_variables', () => {
    const flow = buildFlow(
      [
        anyTrigger,
        ['s', 'set_variable', { assignments: [{ variable: 'total', expression: 'price * qty' }, { variable: 'label', expression: 'upper(name) + ": " + total' }] }],
        ['t', 'text', { text: '{{label}}' }],
      ],
      [['start', 'next', 's'], ['s', 'next', 't']],
      { variables: [{ name: 'price', type: 'number', default: 2.5 }, { name: 'qty', type: 'number', default: 4 }, { name: 'name', default: 'ana' }] },
    );
    const { effects, session } = new Conversation(flow).say('x');
    expect(effects[0]).toEqual({ type: 'set_variables', nodeId: 's', variables: { total: 10, label: 'ANA: 10' } });
    expect(texts(effects)).toEqual(['ANA: 10']);
    expect(session?.variables).toMatchObject({ total: 10, label: 'ANA: 10' });
  });

  it('logs a runtime error, leaves that variable unchanged and goes on', () => {
    const flow = buildFlow(
      [anyTrigger, ['s', 'set_variable', { assignments: [{ variable: 'n', expression: 'n / 0' }, { variable: 'm', expression: '1 + 1' }] }], ['t', 'text', { text: 'n={{n}} m={{m}}' }]],
      [['start', 'next', 's'], ['s', 'next', 't']],
      { variables: [{ name: 'n', type: 'number', default: 3 }] },
    );
    const { effects } = new Conversation(flow).say('x');
    expect(effects.find((e) => e.type === 'log')).toMatchObject({ code: 'expression_error', message: expect.stringMatching(/division by zero/) });
    expect(texts(effects)).toEqual(['n=3 m=2']);
  });

  it('refuses prototype keys as variable names', () => {
    expect(setVariableBlock.dataSchema.safeParse({ assignments: [{ variable: '__proto__', expression: '1' }] }).success).toBe(false);
  });

  it('lints parse errors and unknown functions', () => {
    const lint = (assignments: unknown[]) =>
      setVariableBlock.lint(setVariableBlock.dataSchema.parse({ assignments })).map((f) => f.code);
    expect(lint([])).toEqual(['no_assignments']);
    expect(lint([{ variable: 'x', expression: 'eval("1")' }, { variable: 'y', expression: '1 +' }])).toEqual(['invalid_expression', 'invalid_expression']);
    expect(setVariableBlock.reads(setVariableBlock.dataSchema.parse({ assignments: [{ variable: 'x', expression: 'a + b' }] }))).toEqual(['a', 'b']);
  });
});
