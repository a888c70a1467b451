import { describe, expect, it } from 'vitest';
import { anyTrigger, buildFlow, Conversation, texts } from '../test-support/build-flow';
import { conditionBlock } from './condition';
import { applyOperator } from './condition-operators';

describe('condition operators', () => {
  it('compare typed values', () => {
    expect(applyOperator('equals', '5', '5.0', false)).toBe(true);
    expect(applyOperator('equals', 'Yes', 'yes', false)).toBe(true);
    expect(applyOperator('equals', 'Yes', 'yes', true)).toBe(false);
    expect(applyOperator('not_equals', 'a', 'b', false)).toBe(true);
    expect(applyOperator('contains', 'Hello World', 'world', false)).toBe(true);
    expect(applyOperator('starts_with', 'Hello', 'he', false)).toBe(true);
    expect(applyOperator('gt', 10, '9', false)).toBe(true);
    expect(applyOperator('lt', '10', '9', false)).toBe(false);
    expect(applyOperator('gte', 3, '3', false)).toBe(true);
    expect(applyOperator('lte', '2024-01-01', '2024-06-01', false)).toBe(true);
    expect(applyOperator('gt', 'abc', '1', false)).toBe(false);
    expect(applyOperator('is_empty', '  ', '', false)).toBe(true);
    expect(applyOperator('is_empty', [], '', false)).toBe(true);
    expect(applyOperator('is_empty', 0, '', false)).toBe(false);
    expect(applyOperator('is_set', undefined, '', false)).toBe(false);
    expect(applyOperator('is_set', '', '', false)).toBe(true);
    expect(applyOperator('matches', 'ORDER-12', '^order-\\d+$', false)).toBe(true);
    expect(applyOperator('matches', 'x', '(', false)).toBe(false);
  });
});

describe('condition block', () => {
  const flow = buildFlow(
    [
      anyTrigger,
      [
        'c',
        'condition',
        {
          branches: [
            { id: 'adult', label: 'Adult', rules: [{ variable: 'age', operator: 'gte', value: '{{adultAge}}' }] },
            { id: 'named', match: 'any', rules: [{ variable: 'name', operator: 'equals', value: 'ana' }, { variable: 'name', operator: 'equals', value: 'bo' }] },
          ],
        },
      ],
      ['a', 'text', { text: 'adult' }],
      ['n', 'text', { text: 'named' }],
      ['e', 'text', { text: 'else' }],
    ],
    [['start', 'next', 'c'], ['c', 'branch:adult', 'a'], ['c', 'branch:named', 'n'], ['c', 'else', 'e']],
    { variables: [{ name: 'age', type: 'number' }, { name: 'adultAge', type: 'number', default: 18 }, { name: 'name' }] },
  );
  const outcome = (variables: Record<string, unknown>) =>
    texts(new Conversation(flow).send({ type: 'restart', variables: variables as Record<string, string | number> }).effects);

  it('takes the first branch whose rules hold, else `else`', () => {
    expect(outcome({ age: 20, name: 'Bo' })).toEqual(['adult']);
    expect(outcome({ age: 12, name: 'Bo' })).toEqual(['named']);
    expect(outcome({ age: 12, name: 'Cy' })).toEqual(['else']);
    expect(outcome({})).toEqual(['else']);
  });

  it('has one handle per branch plus else, and lints rules', () => {
    const data = conditionBlock.dataSchema.parse({
      branches: [
        { id: 'x', rules: [{ variable: 'n', operator: 'matches', value: '(' }, { variable: 'n', operator: 'gt' }] },
        { id: 'x', rules: [] },
        { id: 'y', rules: [{ variable: 'label', operator: 'lt', value: '3' }, { variable: 'n', operator: 'contains', value: '1' }] },
      ],
    });
    expect(conditionBlock.handles(data).map((h) => h.id)).toEqual(['branch:x', 'branch:x', 'branch:y', 'else']);
    const findings = conditionBlock.lint(data, {
      connectedHandles: new Set(['branch:x', 'else']),
      nodeIds: new Set(),
      variableTypes: new Map([['label', 'string'], ['n', 'number']]),
    });
    expect(findings.map((f) => f.code)).toEqual([
      'duplicate_branch_id',
      'invalid_regex',
      'operator_type_mismatch',
      'missing_value',
      'empty_branch',
      'operator_type_mismatch',
      'operator_type_mismatch',
      'unconnected_handle',
    ]);
  });
});
