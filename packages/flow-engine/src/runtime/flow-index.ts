import type { FlowEdge, FlowNode, FlowV1 } from '../document/flow-v1';

/** Lookups over a flow that every turn needs; built once per flow object. */
export interface FlowIndex {
  nodes: ReadonlyMap<string, FlowNode>;
  trigger: FlowNode | undefined;
  edgeFrom(nodeId: string, handle: string): FlowEdge | undefined;
  connectedHandles(nodeId: string): ReadonlySet<string>;
}

const none: ReadonlySet<string> = new Set();
// Flows are immutable once published, and the runtime passes the same object turn after turn.
const cache = new WeakMap<FlowV1, FlowIndex>();

/** Indexes nodes and edges (the first node or edge wins where ids or handles repeat; the linter reports those). */
export function indexFlow(flow: FlowV1): FlowIndex {
  const cached = cache.get(flow);
  if (cached) return cached;
  const nodes = new Map<string, FlowNode>();
  for (const node of flow.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const edges = new Map<string, FlowEdge>();
  const connected = new Map<string, Set<string>>();
  for (const edge of flow.edges) {
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (edges.has(key) || !nodes.has(edge.target)) continue;
    edges.set(key, edge);
    const handles = connected.get(edge.source) ?? new Set<string>();
    handles.add(edge.sourceHandle);
    connected.set(edge.source, handles);
  }
  const index: FlowIndex = {
    nodes,
    trigger: flow.nodes.find((n) => n.type === 'trigger'),
    edgeFrom: (nodeId, handle) => edges.get(`${nodeId}\u0000${handle}`),
    connectedHandles: (nodeId) => connected.get(nodeId) ?? none,
  };
  cache.set(flow, index);
  return index;
}
