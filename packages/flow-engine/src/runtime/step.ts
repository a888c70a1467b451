import type { BlockResult } from '../blocks/block-definition';
import { definitionOf } from '../blocks/block-definitions';
import { triggerMatches } from '../blocks/trigger';
import type { FlowV1 } from '../document/flow-v1';
import type { Variables } from '../json-value';
import { mergeVariables } from '../json-value';
import type { FlowEffect } from './flow-effect';
import type { FlowEvent, MessageContent } from './flow-event';
import { flowEventSchema } from './flow-event';
import type { FlowIndex } from './flow-index';
import { indexFlow } from './flow-index';
import type { Session } from './session';
import { sessionSchema } from './session';
import type { StepContext } from './step-context';
import { defaultStepLimits, stepContextSchema } from './step-context';

/** The new session (null when no session exists or starts) and the effects for the worker, in order. */
export interface StepResult {
  session: Session | null;
  effects: FlowEffect[];
}

/** Thrown when step() is given a session, event or context that does not match its schema. */
export class StepInputError extends Error {
  override readonly name = 'StepInputError';
}

interface Turn {
  flow: FlowV1;
  index: FlowIndex;
  nowMs: number;
  nowIso: string;
  windowOpen: boolean;
  flowVersionId: string | undefined;
  stepBudget: number;
  sessionTimeoutMs: number;
  steps: number;
  effects: FlowEffect[];
}

function parseOrThrow<T>(what: string, result: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'} ${i.message}`).join('; ');
  throw new StepInputError(`invalid ${what}: ${detail}`);
}

function end(turn: Turn, session: Session, reason: string, nodeId?: string, detail?: string): Session {
  turn.effects.push({
    type: 'end',
    reason,
    ...(nodeId === undefined ? {} : { nodeId }),
    ...(detail === undefined ? {} : { detail }),
  });
  return {
    ...session,
    currentNodeId: nodeId ?? session.currentNodeId,
    waitingFor: null,
    status: 'ended',
    endReason: reason,
    lastActivityAt: turn.nowIso,
  };
}

// The session's path is kept as sets (first-visit order) so its size stays bounded by the flow's node count.
function withNode(list: string[] | undefined, nodeId: string): string[] {
  return list?.includes(nodeId) ? list : [...(list ?? []), nodeId];
}

// Runs nodes from `nodeId` until one waits or the session ends; `resume` feeds the awaited event to the first.
function advance(turn: Turn, session: Session, firstNodeId: string, resume?: FlowEvent): Session {
  let current: Session = { ...session, status: 'active', waitingFor: null, lastActivityAt: turn.nowIso };
  let nodeId = firstNodeId;
  let resumeWith = resume === undefined || session.waitingFor === null ? undefined : { event: resume, waitingFor: session.waitingFor };
  for (;;) {
    if (turn.steps >= turn.stepBudget) {
      const message = `stopped after ${turn.stepBudget} nodes in one turn (at node ${nodeId}): the flow may loop without waiting for input`;
      turn.effects.push({ type: 'log', level: 'error', code: 'step_budget_exceeded', message, nodeId });
      return end(turn, current, 'step_budget_exceeded', nodeId, message);
    }
    turn.steps += 1;
    const node = turn.index.nodes.get(nodeId);
    if (!node) {
      const message = `node ${nodeId} does not exist in this flow`;
      turn.effects.push({ type: 'log', level: 'error', code: 'missing_node', message, nodeId });
      return end(turn, current, 'missing_node', nodeId, message);
    }
    const visited = withNode(current.visitedNodeIds, nodeId);
    if (visited !== current.visitedNodeIds) current = { ...current, visitedNodeIds: visited };
    const definition = definitionOf(node.type);
    const runContext = {
      nodeId,
      data: node.data,
      variables: current.variables,
      nowMs: turn.nowMs,
      nowIso: turn.nowIso,
      windowOpen: turn.windowOpen,
      connectedHandles: turn.index.connectedHandles(nodeId),
    };
    let result: BlockResult;
    if (resumeWith && definition.resume) result = definition.resume({ ...runContext, ...resumeWith });
    else if (resumeWith) result = { outcome: { kind: 'next', handle: 'next' } };
    else result = definition.run(runContext);
    resumeWith = undefined;

    if (result.set && Object.keys(result.set).length > 0) {
      current = { ...current, variables: mergeVariables(current.variables, result.set) };
      turn.effects.push({ type: 'set_variables', nodeId, variables: result.set });
    }
    if (result.effects) turn.effects.push(...result.effects);

    const outcome = result.outcome;
    switch (outcome.kind) {
      case 'next': {
        const edge = turn.index.edgeFrom(nodeId, outcome.handle);
        if (!edge) return end(turn, current, 'completed', nodeId);
        nodeId = edge.target;
        break;
      }
      case 'goto':
        nodeId = outcome.nodeId;
        break;
      case 'wait':
        return { ...current, currentNodeId: nodeId, waitingFor: { ...outcome.waitingFor, nodeId }, status: 'waiting' };
      case 'end':
        return end(turn, current, outcome.reason, nodeId, outcome.detail);
    }
  }
}

function start(turn: Turn, nodeId: string | undefined, variables: Variables | undefined): Session | null {
  const defaults: Variables = Object.fromEntries(
    turn.flow.variables.filter((v) => v.default !== undefined).map((v) => [v.name, v.default ?? null]),
  );
  const trigger = turn.index.trigger;
  const session: Session = {
    ...(turn.flowVersionId === undefined ? {} : { flowVersionId: turn.flowVersionId }),
    currentNodeId: trigger?.id ?? null,
    waitingFor: null,
    variables: mergeVariables(defaults, variables ?? {}),
    startedAt: turn.nowIso,
    lastActivityAt: turn.nowIso,
    status: 'active',
  };
  const first = nodeId ?? trigger?.id;
  if (first === undefined) {
    turn.effects.push({ type: 'log', level: 'error', code: 'no_trigger', message: 'the flow has no trigger node to start from' });
    return end(turn, session, 'no_trigger');
  }
  return advance(turn, session, first);
}

function isLive(session: Session | null): session is Session {
  return session !== null && session.status !== 'ended';
}

function messageText(content: MessageContent): string | undefined {
  return content.type === 'text' ? content.body : undefined;
}

function isRestartKeyword(flow: FlowV1, content: MessageContent): boolean {
  const text = messageText(content)?.trim().toLowerCase();
  return text !== undefined && flow.triggers.restartKeywords.some((keyword) => keyword.toLowerCase() === text);
}

// Sessions waiting on the user expire; sessions waiting on a timer, HTTP or AI result do not.
function isTimedOut(turn: Turn, session: Session): boolean {
  if (session.waitingFor !== null && session.waitingFor.kind !== 'input') return false;
  return turn.nowMs - Date.parse(session.lastActivityAt) > turn.sessionTimeoutMs;
}

function ignore(turn: Turn, session: Session | null, code: string, message: string): StepResult {
  turn.effects.push({ type: 'log', level: 'info', code, message });
  return { session, effects: turn.effects };
}

/**
 * Advances a session by one event, purely: no IO, no clock, no randomness. Pass the same flow
 * (the version the session started on) every turn; persist the returned session; run the effects.
 */
export function step(flow: FlowV1, session: Session | null, event: FlowEvent, context: StepContext): StepResult {
  const ctx = parseOrThrow('context', stepContextSchema.safeParse(context));
  const parsedEvent = parseOrThrow('event', flowEventSchema.safeParse(event));
  let current = session === null ? null : parseOrThrow('session', sessionSchema.safeParse(session));
  const nowMs = typeof ctx.now === 'number' ? ctx.now : Date.parse(ctx.now);
  if (!Number.isFinite(nowMs)) throw new StepInputError('invalid context: now is not a valid time');
  const turn: Turn = {
    flow,
    index: indexFlow(flow),
    nowMs,
    nowIso: new Date(nowMs).toISOString(),
    windowOpen: ctx.windowOpen,
    flowVersionId: current?.flowVersionId ?? ctx.flowVersionId,
    stepBudget: ctx.limits?.stepBudget ?? defaultStepLimits.stepBudget,
    sessionTimeoutMs: ctx.limits?.sessionTimeoutMs ?? defaultStepLimits.sessionTimeoutMs,
    steps: 0,
    effects: [],
  };

  switch (parsedEvent.type) {
    case 'restart': {
      if (isLive(current)) end(turn, current, 'restarted', current.currentNodeId ?? undefined);
      turn.flowVersionId = ctx.flowVersionId ?? turn.flowVersionId;
      if (parsedEvent.nodeId !== undefined && !turn.index.nodes.has(parsedEvent.nodeId)) {
        return ignore(turn, null, 'restart_node_missing', `cannot restart at node ${parsedEvent.nodeId}: it does not exist`);
      }
      return { session: start(turn, parsedEvent.nodeId, parsedEvent.variables), effects: turn.effects };
    }
    case 'message': {
      const content = parsedEvent.content;
      if (isLive(current) && isTimedOut(turn, current)) {
        current = end(turn, current, 'session_timeout', current.currentNodeId ?? undefined);
      }
      if (isRestartKeyword(flow, content)) {
        if (isLive(current)) end(turn, current, 'restarted', current.currentNodeId ?? undefined);
        turn.flowVersionId = ctx.flowVersionId ?? turn.flowVersionId;
        return { session: start(turn, undefined, undefined), effects: turn.effects };
      }
      if (isLive(current)) {
        const waiting = current.waitingFor;
        const at = waiting?.nodeId ?? current.currentNodeId;
        if (at !== null) current = { ...current, repliedNodeIds: withNode(current.repliedNodeIds, at) };
        if (waiting?.kind !== 'input') {
          return ignore(turn, current, 'message_ignored', `message arrived while waiting for ${waiting?.kind ?? 'nothing'}`);
        }
        return { session: advance(turn, current, waiting.nodeId, parsedEvent), effects: turn.effects };
      }
      const trigger = turn.index.trigger;
      if (trigger?.type === 'trigger' && triggerMatches(trigger.data, content)) {
        turn.flowVersionId = ctx.flowVersionId ?? turn.flowVersionId;
        return { session: start(turn, undefined, undefined), effects: turn.effects };
      }
      return { session: current, effects: turn.effects };
    }
    case 'timer':
    case 'http_result':
    case 'ai_result': {
      const expected = { timer: 'timer', http_result: 'http', ai_result: 'ai' } as const;
      const waiting = current?.waitingFor;
      if (!isLive(current) || waiting?.kind !== expected[parsedEvent.type]) {
        return ignore(turn, current, 'event_ignored', `${parsedEvent.type} arrived but the session is not waiting for it`);
      }
      if (parsedEvent.nodeId !== undefined && parsedEvent.nodeId !== waiting.nodeId) {
        return ignore(turn, current, 'event_ignored', `${parsedEvent.type} for node ${parsedEvent.nodeId}, but the session waits at ${waiting.nodeId}`);
      }
      return { session: advance(turn, current, waiting.nodeId, parsedEvent), effects: turn.effects };
    }
  }
}
