import { describe, expect, it } from 'vitest';
import { FlowDocumentError, latestFlowVersion, migrateFlow, safeMigrateFlow } from './migrate-flow';

const minimal = { version: 1, name: 'x', nodes: [{ id: 's', type: 'trigger', data: { match: { kind: 'any' } } }] };

describe('migrateFlow', () => {
  it('reads a v1 document and fills defaults', () => {
    const flow = migrateFlow(minimal);
    expect(flow.version).toBe(latestFlowVersion);
    expect(flow).toMatchObject({ variables: [], edges: [], triggers: { restartKeywords: [] } });
    expect(flow.nodes[0]).toEqual({ id: 's', type: 'trigger', position: { x: 0, y: 0 }, data: { match: { kind: 'any' } } });
  });

  it('treats a null React Flow sourceHandle as `next`', () => {
    const flow = migrateFlow({ ...minimal, edges: [{ id: 'e', source: 's', sourceHandle: null, target: 's' }] });
    expect(flow.edges[0]?.sourceHandle).toBe('next');
  });

  it('rejects non-objects, a missing version and unknown versions clearly', () => {
    expect(() => migrateFlow('flow')).toThrow('a flow document must be a JSON object');
    expect(() => migrateFlow([])).toThrow(FlowDocumentError);
    expect(() => migrateFlow({ name: 'x' })).toThrow('the flow document has no "version"');
    expect(() => migrateFlow({ ...minimal, version: 2 })).toThrow('unsupported flow document version 2; this engine reads version 1');
    expect(() => migrateFlow({ ...minimal, version: '1' })).toThrow(/unsupported flow document version "1"/);
  });

  it('names the path of invalid fields, including block data', () => {
    const result = safeMigrateFlow({ ...minimal, nodes: [{ id: 'b', type: 'buttons', data: { body: 1, buttons: [] } }, { id: 'z', type: 'teleport', data: {} }] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['nodes.0.data.body', 'nodes.1.type']));
      expect(result.error.message).toMatch(/^invalid flow document: nodes\.0\.data\.body/);
    }
  });
});
