import type { BlockType, FlowEdge, FlowNode, FlowV1 } from '@switchboard/flow-engine';
import type { Edge, Node } from '@xyflow/react';

/** A canvas node: the React Flow `type` is the block type and `data` is the block's data, unchanged. */
export type BlockNode = Node<Record<string, unknown>, BlockType>;

/** The parts of a flow document the canvas does not show (name, variables, restart keywords). */
export type FlowMeta = Omit<FlowV1, 'nodes' | 'edges'>;

/** Canvas nodes and edges for a flow document. */
export function toCanvas(document: FlowV1): { nodes: BlockNode[]; edges: Edge[]; meta: FlowMeta } {
  const { nodes, edges, ...meta } = document;
  return {
    nodes: nodes.map((n) => ({ id: n.id, type: n.type, position: { ...n.position }, data: { ...(n.data as Record<string, unknown>) } })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target })),
    meta,
  };
}

/**
 * The flow document for the canvas: only what the engine stores (selection,
 * sizes and drag state stay in the browser), positions rounded so a pan or a
 * sub-pixel drag does not count as a change.
 */
export function toDocument(meta: FlowMeta, nodes: readonly BlockNode[], edges: readonly Edge[]): FlowV1 {
  return {
    ...meta,
    nodes: nodes.map((n) => ({ id: n.id, type: n.type, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) }, data: n.data }) as FlowNode),
    edges: edges.map((e): FlowEdge => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? 'next', target: e.target })),
  };
}

/** A node id not yet used: `<type>_<n>`, readable in lint messages and exports. */
export function nextNodeId(type: BlockType, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const id = `${type}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The id of an edge leaving `source` from `handle`; one edge per handle, so this is unique. */
export const edgeId = (source: string, handle: string | null | undefined, target: string) => `${source}:${handle ?? 'next'}->${target}`;
