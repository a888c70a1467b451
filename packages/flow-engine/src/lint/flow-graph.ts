import type { FlowV1 } from '../document/flow-v1';

/** Successors of each node: edge targets plus in-flow jump targets (the flow can continue there too). */
export function successors(flow: FlowV1): Map<string, string[]> {
  const ids = new Set(flow.nodes.map((n) => n.id));
  const next = new Map<string, string[]>(flow.nodes.map((n) => [n.id, []]));
  for (const edge of flow.edges) {
    if (ids.has(edge.source) && ids.has(edge.target)) next.get(edge.source)?.push(edge.target);
  }
  for (const node of flow.nodes) {
    if (node.type === 'jump' && node.data.target.kind === 'node' && ids.has(node.data.target.nodeId)) {
      next.get(node.id)?.push(node.data.target.nodeId);
    }
  }
  return next;
}

/** Node ids reachable from `start` (inclusive). */
export function reachableFrom(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const target of next.get(id) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** Strongly connected components that form a cycle (more than one node, or a node looping to itself). Iterative Tarjan. */
export function cycles(next: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; child: number }[] = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; child: number };
      const children = next.get(frame.id) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child] as string;
        frame.child += 1;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter);
          counter += 1;
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(child) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop() as string;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        const selfLoop = component.length === 1 && (next.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) result.push(component.reverse());
      }
    }
  }
  return result;
}
