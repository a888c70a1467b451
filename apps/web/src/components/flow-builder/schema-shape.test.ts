import { blockDefinitions, blockTypes } from '@switchboard/flow-engine';
import { describe, expect, it } from 'vitest';
import { describeSchema, initialValue } from './schema-shape';

describe('describeSchema', () => {
  it('reads every block data schema into an object form', () => {
    for (const type of blockTypes) expect(describeSchema(blockDefinitions[type].dataSchema).kind, type).toBe('object');
  });

  it('sees enums, defaults, optional fields and list items of the condition and ask blocks', () => {
    const condition = describeSchema(blockDefinitions.condition.dataSchema);
    expect(condition.kind).toBe('object');
    if (condition.kind !== 'object') return;
    const branches = condition.fields.find((f) => f.key === 'branches')!.shape;
    expect(branches.kind).toBe('array');
    if (branches.kind !== 'array') return;
    // A new branch starts valid for the engine's schema: an id, "all", no rules.
    const branch = initialValue(branches.element, 2);
    expect(branch).toEqual({ id: 'item_2', match: 'all', rules: [] });
    const rules = branches.element.kind === 'object' ? branches.element.fields.find((f) => f.key === 'rules')!.shape : null;
    expect(rules?.kind === 'array' && initialValue(rules.element)).toEqual({ variable: '', operator: 'equals', value: '', caseSensitive: false });

    const ask = describeSchema(blockDefinitions.ask.dataSchema);
    const input = ask.kind === 'object' ? ask.fields.find((f) => f.key === 'input')!.shape : null;
    expect(input?.kind).toBe('union');
    if (input?.kind !== 'union') return;
    expect(input.options.map((o) => o.value)).toEqual(['text', 'number', 'email', 'phone', 'date', 'choice']);
    expect(initialValue(input.options[4]!.shape)).toEqual({ kind: 'date', format: 'YYYY-MM-DD' });
    expect(ask.kind === 'object' && ask.fields.find((f) => f.key === 'maxAttempts')).toMatchObject({ optional: true, shape: { kind: 'number' } });
  });

  it('leaves what it does not model to JSON editing', () => {
    const ai = describeSchema(blockDefinitions.ai.dataSchema);
    expect(ai.kind === 'object' && ai.fields.find((f) => f.key === 'outputSchema')?.shape).toEqual({ kind: 'json' });
  });
});
