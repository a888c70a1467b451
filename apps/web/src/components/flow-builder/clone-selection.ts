import type { Edge } from '@xyflow/react';
import type { BlockNode } from './flow-document';
import { edgeId, nextNodeId } from './flow-document';

/** What copy puts aside: the selected nodes and the edges between them. */
export interface Clipboard {
  nodes: BlockNode[];
  edges: Edge[];
}

/** The selected nodes and only the edges whose both ends are selected. */
export function copySelection(nodes: readonly BlockNode[], edges: readonly Edge[]): Clipboard {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => structuredClone({ id: n.id, type: n.type, position: n.position, data: n.data })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? null, target: e.target })),
  };
}

/**
 * Copies of the clipboard with fresh ids, moved by `offset` and selected,
 * their inner edges rewired to the copies. A pasted Start block stays a copy:
 * the linter then reports the second Start rather than the paste dropping it.
 */
export function pasteClipboard(clipboard: Clipboard, taken: ReadonlySet<string>, offset: { x: number; y: number }): Clipboard {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  const nodes = clipboard.nodes.map((n) => {
    const id = nextNodeId(n.type ?? 'text', used);
    used.add(id);
    renamed.set(n.id, id);
    return { ...structuredClone(n), id, position: { x: n.position.x + offset.x, y: n.position.y + offset.y }, selected: true };
  });
  const edges = clipboard.edges.map((e) => {
    const source = renamed.get(e.source) ?? e.source;
    const target = renamed.get(e.target) ?? e.target;
    return { id: edgeId(source, e.sourceHandle, target), source, sourceHandle: e.sourceHandle ?? null, target };
  });
  return { nodes, edges };
}
