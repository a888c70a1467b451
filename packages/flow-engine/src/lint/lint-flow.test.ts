import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrateFlow } from '../document/migrate-flow';
import { anyTrigger, buildFlow } from '../test-support/build-flow';
import { lintFlow, lintFlowDocument } from './lint-flow';
import type { LintFinding } from './lint-finding';

const text = (id: string, body = 'hi'): [string, string, unknown] => [id, 'text', { text: body }];
const end: [string, string, unknown] = ['end', 'end', {}];
const codes = (findings: LintFinding[]) => findings.map((f) => f.code);
const only = (findings: LintFinding[], code: string) => findings.filter((f) => f.code === code);

describe('lintFlow', () => {
  it('accepts a small well-formed flow', () => {
    expect(lintFlow(buildFlow([anyTrigger, text('a'), end], [['start', 'next', 'a'], ['a', 'next', 'end']]))).toEqual([]);
  });

  it('needs exactly one trigger', () => {
    expect(codes(lintFlow(buildFlow([text('a')])))).toContain('no_trigger');
    const two = lintFlow(buildFlow([anyTrigger, ['start2', 'trigger', { match: { kind: 'any' } }]], [['start', 'next', 'start2']]));
    expect(only(two, 'multiple_triggers')).toEqual([{ nodeId: 'start2', severity: 'error', code: 'multiple_triggers', message: 'a flow has exactly one Start block' }]);
  });

  it('reports duplicate node, edge and variable ids and bad defaults', () => {
    const flow = migrateFlow({
      version: 1,
      name: 'x',
      variables: [{ name: 'v' }, { name: 'v' }, { name: 'n', type: 'number', default: 'ten' }],
      nodes: [
        { id: 'start', type: 'trigger', data: { match: { kind: 'any' } } },
        { id: 'a', type: 'end', data: {} },
        { id: 'a', type: 'end', data: {} },
      ],
      edges: [
        { id: 'e', source: 'start', sourceHandle: 'next', target: 'a' },
        { id: 'e', source: 'start', sourceHandle: 'next', target: 'a' },
      ],
    });
    const findings = lintFlow(flow);
    expect(only(findings, 'duplicate_node_id')[0]).toMatchObject({ nodeId: 'a', severity: 'error' });
    expect(only(findings, 'duplicate_edge_id')[0]).toMatchObject({ edgeId: 'e' });
    expect(only(findings, 'duplicate_handle_edge')[0]).toMatchObject({ nodeId: 'start', edgeId: 'e' });
    expect(codes(findings)).toEqual(expect.arrayContaining(['duplicate_variable', 'invalid_default']));
  });

  it('reports dangling edges and unknown handles', () => {
    const findings = lintFlow(buildFlow([anyTrigger, text('a'), end], [['start', 'next', 'a'], ['a', 'next', 'ghost'], ['a', 'button:x', 'end'], ['ghost', 'next', 'end']]));
    expect(only(findings, 'dangling_edge').map((f) => f.edgeId)).toEqual(['e1', 'e3']);
    expect(only(findings, 'unknown_handle')).toEqual([
      expect.objectContaining({ nodeId: 'a', edgeId: 'e2', message: expect.stringMatching(/"button:x"/) }),
    ]);
  });

  it('warns about dead ends and unreachable nodes', () => {
    const findings = lintFlow(buildFlow([anyTrigger, text('a'), text('island')], [['start', 'next', 'a']]));
    expect(only(findings, 'dead_end').map((f) => f.nodeId)).toEqual(['a', 'island']);
    expect(only(findings, 'unreachable_node')).toEqual([expect.objectContaining({ nodeId: 'island', severity: 'warning' })]);
  });

  it('counts jump targets as reachable', () => {
    const findings = lintFlow(buildFlow([anyTrigger, ['j', 'jump', { target: { kind: 'node', nodeId: 'b' } }], ['b', 'end', {}]], [['start', 'next', 'j']]));
    expect(findings).toEqual([]);
  });

  it('warns about loops that never wait, but not loops through an input', () => {
    const loop = lintFlow(buildFlow([anyTrigger, text('a'), text('b')], [['start', 'next', 'a'], ['a', 'next', 'b'], ['b', 'next', 'a']]));
    expect(only(loop, 'infinite_loop_risk')).toEqual([expect.objectContaining({ nodeId: 'a', severity: 'warning', message: expect.stringMatching(/a → b/) })]);
    const self = lintFlow(buildFlow([anyTrigger, ['j', 'jump', { target: { kind: 'node', nodeId: 'j' } }]], [['start', 'next', 'j']]));
    expect(codes(self)).toContain('infinite_loop_risk');
    const asking = lintFlow(
      buildFlow([anyTrigger, text('a'), ['q', 'ask', { prompt: 'again?', variable: 'x', input: { kind: 'text' } }]], [['start', 'next', 'a'], ['a', 'next', 'q'], ['q', 'next', 'a']]),
    );
    expect(codes(asking)).not.toContain('infinite_loop_risk');
  });

  it('reports unknown variables; declared ones and ones a block writes are known', () => {
    const findings = lintFlow(
      buildFlow(
        [anyTrigger, ['q', 'ask', { prompt: 'Hi {{name}}', variable: 'email', input: { kind: 'email' } }], text('a', '{{email}} {{ typo }}'), end],
        [['start', 'next', 'q'], ['q', 'next', 'a'], ['a', 'next', 'end']],
        { variables: [{ name: 'name' }] },
      ),
    );
    expect(only(findings, 'unknown_variable')).toEqual([{ nodeId: 'a', severity: 'error', code: 'unknown_variable', message: 'variable "typo" is never declared or set' }]);
  });

  it('warns about free-form sends after a wait longer than 24 h, until an input', () => {
    const flow = (amount: number, fallback?: unknown) =>
      buildFlow(
        [
          anyTrigger,
          ['w', 'wait', { amount, unit: 'hours' }],
          ['a', 'text', { text: 'back!', ...(fallback ? { fallbackTemplate: fallback } : {}) }],
          ['q', 'buttons', { body: 'ok?', buttons: [{ id: 'y', title: 'Yes' }] }],
          text('after'),
          end,
        ],
        [['start', 'next', 'w'], ['w', 'next', 'a'], ['a', 'next', 'q'], ['q', 'button:y', 'after'], ['after', 'next', 'end']],
      );
    expect(only(lintFlow(flow(25)), 'free_form_after_long_wait').map((f) => f.nodeId)).toEqual(['a', 'q']);
    expect(only(lintFlow(flow(24)), 'free_form_after_long_wait')).toEqual([]);
    expect(only(lintFlow(flow(48, { name: 'back', language: 'en' })), 'free_form_after_long_wait').map((f) => f.nodeId)).toEqual(['q']);
  });

  it('attaches block findings to their node', () => {
    const four = [1, 2, 3, 4].map((i) => ({ id: `b${i}`, title: `B${i}` }));
    const findings = lintFlow(buildFlow([anyTrigger, ['menu', 'buttons', { body: 'x', buttons: four }]], [['start', 'next', 'menu']]));
    expect(only(findings, 'too_many_buttons')).toEqual([expect.objectContaining({ nodeId: 'menu', severity: 'error' })]);
  });
});

describe('lintFlowDocument', () => {
  it('turns schema problems into findings naming the node or edge', () => {
    const findings = lintFlowDocument({
      version: 1,
      name: 'draft',
      nodes: [{ id: 'menu', type: 'buttons', data: { body: 'x' } }],
      edges: [{ id: 'e1', source: 'menu' }],
    });
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'menu', code: 'invalid_document', message: expect.stringMatching(/^nodes\.0\.data\.buttons/) }),
        expect.objectContaining({ edgeId: 'e1', code: 'invalid_document' }),
      ]),
    );
    expect(lintFlowDocument({ version: 9 })).toEqual([expect.objectContaining({ code: 'invalid_document', message: expect.stringMatching(/unsupported/) })]);
  });

  it('lints a valid document like lintFlow', () => {
    expect(codes(lintFlowDocument({ version: 1, name: 'x', nodes: [] }))).toEqual(['no_trigger']);
  });
});

describe('lint rule coverage', () => {
  // Every finding code in the engine's source must appear in some test, so a new rule cannot ship untested.
  const src = fileURLToPath(new URL('..', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
  const all = files(src).filter((f) => f.endsWith('.ts'));
  const sources = all.filter((f) => !f.endsWith('.test.ts')).map((f) => readFileSync(f, 'utf8'));
  const tests = all.filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');
  const found = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/severity: '(?:error|warning)',\s*code: '([a-z_]+)'/g)) found.add(m[1] as string);
    for (const m of source.matchAll(/code: '([a-z_]+)'/g)) found.add(m[1] as string);
    for (const m of source.matchAll(/check(?:Length|Unique)\([^;]*?'([a-z_]+)'/g)) found.add(m[1] as string);
  }

  it('finds the rules', () => {
    expect(found.size).toBeGreaterThan(50);
  });

  it.each([...found].sort())('%s is tested', (code) => {
    expect(tests).toContain(`'${code}'`);
  });
});
