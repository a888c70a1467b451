import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrateFlow } from '@switchboard/flow-engine';
import { describe, expect, it } from 'vitest';
import { copySelection, pasteClipboard } from './clone-selection';
import { nextNodeId, toCanvas, toDocument } from './flow-document';

const leadCapture = migrateFlow(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../../examples/flows/lead-capture.json'), 'utf8')));

describe('canvas ↔ flow document', () => {
  it('round-trips the demo flow exactly', () => {
    const { nodes, edges, meta } = toCanvas(leadCapture);
    expect(toDocument(meta, nodes, edges)).toEqual(leadCapture);
  });

  it('keeps browser-only state out of the document and rounds positions', () => {
    const { nodes, edges, meta } = toCanvas(leadCapture);
    const touched = nodes.map((n, i) => (i === 0 ? { ...n, selected: true, dragging: true, measured: { width: 230, height: 80 }, position: { x: 10.4, y: 19.6 } } : n));
    const document = toDocument(meta, touched, edges.map((e) => ({ ...e, selected: true, sourceHandle: e.sourceHandle ?? null })));
    expect(document.nodes[0]).toEqual({ id: 'start', type: 'trigger', position: { x: 10, y: 20 }, data: leadCapture.nodes[0]!.data });
    expect(Object.keys(document.edges[0]!)).toEqual(['id', 'source', 'sourceHandle', 'target']);
  });

  it('names new nodes after their type without reusing an id', () => {
    expect(nextNodeId('text', new Set(['text_1', 'text_2']))).toBe('text_3');
    expect(nextNodeId('ask', new Set(['text_1']))).toBe('ask_1');
  });
});

describe('copy and paste', () => {
  it('copies the selected nodes with the edges between them and pastes them with fresh ids, rewired', () => {
    const { nodes, edges } = toCanvas(leadCapture);
    const selected = nodes.map((n) => ({ ...n, selected: n.id === 'welcome' || n.id === 'menu' }));
    const copied = copySelection(selected, edges);
    expect(copied.nodes.map((n) => n.id)).toEqual(['welcome', 'menu']);
    expect(copied.edges.map((e) => [e.source, e.target])).toEqual([['welcome', 'menu']]);

    const pasted = pasteClipboard(copied, new Set(nodes.map((n) => n.id)), { x: 40, y: 40 });
    expect(pasted.nodes.map((n) => [n.id, n.type, n.position, n.selected])).toEqual([
      ['text_1', 'text', { x: 40, y: 160 }, true],
      ['buttons_1', 'buttons', { x: 40, y: 280 }, true],
    ]);
    expect(pasted.edges).toEqual([{ id: 'text_1:next->buttons_1', source: 'text_1', sourceHandle: 'next', target: 'buttons_1' }]);
    // The copies own their data: editing one leaves the original alone.
    (pasted.nodes[0]!.data as { text: string }).text = 'changed';
    expect((nodes.find((n) => n.id === 'welcome')!.data as { text: string }).text).toBe("Hi! I'm the Switchboard demo bot.");
  });
});
