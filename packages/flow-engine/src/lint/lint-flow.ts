import { definitionOf } from '../blocks/block-definitions';
import { waitDurationMs } from '../blocks/wait';
import type { FlowNode, FlowV1 } from '../document/flow-v1';
import { safeMigrateFlow } from '../document/migrate-flow';
import { whatsappLimits } from '../limits';
import { cycles, reachableFrom, successors } from './flow-graph';
import type { LintFinding } from './lint-finding';

function connectedHandles(flow: FlowV1): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const edge of flow.edges) {
    const set = map.get(edge.source) ?? new Set<string>();
    set.add(edge.sourceHandle);
    map.set(edge.source, set);
  }
  return map;
}

function checkIds(flow: FlowV1, findings: LintFinding[]) {
  const nodeIds = new Set<string>();
  for (const node of flow.nodes) {
    if (nodeIds.has(node.id)) findings.push({ nodeId: node.id, severity: 'error', code: 'duplicate_node_id', message: `two nodes have the id ${node.id}` });
    nodeIds.add(node.id);
  }
  const edgeIds = new Set<string>();
  for (const edge of flow.edges) {
    if (edgeIds.has(edge.id)) findings.push({ edgeId: edge.id, severity: 'error', code: 'duplicate_edge_id', message: `two edges have the id ${edge.id}` });
    edgeIds.add(edge.id);
  }
  const names = new Set<string>();
  for (const variable of flow.variables) {
    if (names.has(variable.name)) findings.push({ severity: 'error', code: 'duplicate_variable', message: `variable ${variable.name} is declared twice` });
    names.add(variable.name);
    const value = variable.default;
    if (value === undefined || value === null) continue;
    const ok =
      variable.type === 'json' ||
      (variable.type === 'string' && typeof value === 'string') ||
      (variable.type === 'number' && typeof value === 'number') ||
      (variable.type === 'boolean' && typeof value === 'boolean') ||
      (variable.type === 'date' && typeof value === 'string' && !Number.isNaN(Date.parse(value)));
    if (!ok) findings.push({ severity: 'error', code: 'invalid_default', message: `default of ${variable.name} is not a ${variable.type}` });
  }
}

function checkEdges(flow: FlowV1, nodes: Map<string, FlowNode>, findings: LintFinding[]) {
  const used = new Set<string>();
  for (const edge of flow.edges) {
    const source = nodes.get(edge.source);
    if (!source || !nodes.has(edge.target)) {
      const missing = source ? edge.target : edge.source;
      findings.push({ edgeId: edge.id, severity: 'error', code: 'dangling_edge', message: `edge ${edge.id} points to node ${missing}, which does not exist` });
      continue;
    }
    const handles = definitionOf(source.type).handles(source.data);
    if (!handles.some((h) => h.id === edge.sourceHandle)) {
      findings.push({
        nodeId: source.id,
        edgeId: edge.id,
        severity: 'error',
        code: 'unknown_handle',
        message: `edge ${edge.id} leaves handle "${edge.sourceHandle}", which this ${source.type} block does not have`,
      });
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (used.has(key)) {
      findings.push({ nodeId: source.id, edgeId: edge.id, severity: 'error', code: 'duplicate_handle_edge', message: `handle "${edge.sourceHandle}" has more than one edge` });
    }
    used.add(key);
  }
}

function checkVariables(flow: FlowV1, findings: LintFinding[]) {
  const known = new Set(flow.variables.map((v) => v.name));
  for (const node of flow.nodes) for (const name of definitionOf(node.type).writes(node.data)) known.add(name);
  for (const node of flow.nodes) {
    for (const name of new Set(definitionOf(node.type).reads(node.data))) {
      if (!known.has(name)) {
        findings.push({ nodeId: node.id, severity: 'error', code: 'unknown_variable', message: `variable "${name}" is never declared or set` });
      }
    }
  }
}

function checkLongWaits(flow: FlowV1, nodes: Map<string, FlowNode>, next: Map<string, string[]>, findings: LintFinding[]) {
  for (const node of flow.nodes) {
    if (node.type !== 'wait' || waitDurationMs(node.data) <= whatsappLimits.serviceWindowMs) continue;
    // Walk forward until an input block: the user's reply reopens the window after that.
    const seen = new Set<string>();
    const queue = [...(next.get(node.id) ?? [])];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const target = nodes.get(id);
      if (!target) continue;
      const definition = definitionOf(target.type);
      if (definition.sendsFreeForm(target.data)) {
        findings.push({
          nodeId: id,
          severity: 'warning',
          code: 'free_form_after_long_wait',
          message: `sends a free-form message after wait ${node.id} (over 24 h), when the window is closed: add a fallback template`,
        });
      }
      if (!definition.pauses) queue.push(...(next.get(id) ?? []));
    }
  }
}

/** Checks a parsed flow: WhatsApp limits, graph shape, variables, loops. Every finding names its node or edge. */
export function lintFlow(flow: FlowV1): LintFinding[] {
  const findings: LintFinding[] = [];
  const nodes = new Map<string, FlowNode>();
  for (const node of flow.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  checkIds(flow, findings);

  const triggers = flow.nodes.filter((n) => n.type === 'trigger');
  if (triggers.length === 0) findings.push({ severity: 'error', code: 'no_trigger', message: 'the flow needs a Start (trigger) block' });
  for (const extra of triggers.slice(1)) {
    findings.push({ nodeId: extra.id, severity: 'error', code: 'multiple_triggers', message: 'a flow has exactly one Start block' });
  }

  checkEdges(flow, nodes, findings);

  const connected = connectedHandles(flow);
  const nodeIds = new Set(nodes.keys());
  const variableTypes = new Map<string, string>(flow.variables.map((v) => [v.name, v.type]));
  for (const node of flow.nodes) {
    const definition = definitionOf(node.type);
    const handles = connected.get(node.id) ?? new Set<string>();
    for (const finding of definition.lint(node.data, { connectedHandles: handles, nodeIds, variableTypes })) {
      findings.push({ nodeId: node.id, ...finding });
    }
    if (definition.handles(node.data).length > 0 && handles.size === 0) {
      findings.push({ nodeId: node.id, severity: 'warning', code: 'dead_end', message: 'nothing follows this block: connect it or end with an End block' });
    }
  }

  const next = successors(flow);
  const trigger = triggers[0];
  if (trigger) {
    const reachable = reachableFrom(trigger.id, next);
    for (const node of flow.nodes) {
      if (!reachable.has(node.id)) findings.push({ nodeId: node.id, severity: 'warning', code: 'unreachable_node', message: 'no path from Start reaches this block' });
    }
  }

  for (const cycle of cycles(next)) {
    const pauses = cycle.some((id) => {
      const node = nodes.get(id);
      return node !== undefined && definitionOf(node.type).pauses;
    });
    if (!pauses) {
      findings.push({
        nodeId: cycle[0],
        severity: 'warning',
        code: 'infinite_loop_risk',
        message: `the loop ${cycle.join(' → ')} never waits for input or time; it stops at the step budget`,
      });
    }
  }

  checkVariables(flow, findings);
  checkLongWaits(flow, nodes, next, findings);
  return findings;
}

/** Lints a raw document (e.g. a builder draft): schema problems become findings, then lintFlow runs. */
export function lintFlowDocument(input: unknown): LintFinding[] {
  const result = safeMigrateFlow(input);
  if (result.ok) return lintFlow(result.flow);
  const raw = input as { nodes?: { id?: unknown }[]; edges?: { id?: unknown }[] } | null;
  if (result.error.issues.length === 0) return [{ severity: 'error', code: 'invalid_document', message: result.error.message }];
  return result.error.issues.map((issue) => {
    const [collection, position] = issue.path;
    const item = typeof position === 'number' ? (collection === 'nodes' ? raw?.nodes : collection === 'edges' ? raw?.edges : undefined)?.[position] : undefined;
    const id = typeof item?.id === 'string' ? item.id : undefined;
    return {
      ...(collection === 'nodes' && id ? { nodeId: id } : {}),
      ...(collection === 'edges' && id ? { edgeId: id } : {}),
      severity: 'error' as const,
      code: 'invalid_document',
      message: `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    };
  });
}
