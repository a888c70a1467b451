import type { FlowV1 } from '../document/flow-v1';
import { migrateFlow } from '../document/migrate-flow';
import type { FlowEffect } from '../runtime/flow-effect';
import type { FlowEvent } from '../runtime/flow-event';
import type { Session } from '../runtime/session';
import type { StepResult } from '../runtime/step';
import { step } from '../runtime/step';
import type { StepContext } from '../runtime/step-context';

// Test helpers: compact flows and a conversation driver, so each test states only what it checks.

type NodeSpec = [id: string, type: string, data: unknown];
type EdgeSpec = [source: string, handle: string, target: string];

/** Builds and parses a v1 flow from `[id, type, data]` nodes and `[source, handle, target]` edges. */
export function buildFlow(
  nodes: NodeSpec[],
  edges: EdgeSpec[] = [],
  extra: { variables?: unknown[]; restartKeywords?: string[] } = {},
): FlowV1 {
  return migrateFlow({
    version: 1,
    name: 'test',
    variables: extra.variables ?? [],
    triggers: { restartKeywords: extra.restartKeywords ?? [] },
    nodes: nodes.map(([id, type, data], i) => ({ id, type, position: { x: 0, y: i * 100 }, data })),
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
  });
}

/** A trigger that starts on any message. */
export const anyTrigger: NodeSpec = ['start', 'trigger', { match: { kind: 'any' } }];

/** Text bodies of the send effects. */
export function texts(effects: FlowEffect[]): string[] {
  return effects.flatMap((e) => (e.type === 'send' && e.message.type === 'text' ? [e.message.text.body] : []));
}

/** A user's text message event. */
export const say = (body: string): FlowEvent => ({ type: 'message', content: { type: 'text', body } });

/** Drives one conversation turn by turn, advancing the clock by one second per turn unless told otherwise. */
export class Conversation {
  session: Session | null = null;
  nowMs = Date.parse('2025-01-01T09:00:00.000Z');
  constructor(
    readonly flow: FlowV1,
    readonly context: Partial<StepContext> = {},
  ) {}

  send(event: FlowEvent, context: Partial<StepContext> = {}): StepResult {
    this.nowMs += 1000;
    const result = step(this.flow, this.session, event, { now: this.nowMs, windowOpen: true, ...this.context, ...context });
    this.session = result.session;
    return result;
  }

  say(body: string, context: Partial<StepContext> = {}): StepResult {
    return this.send(say(body), context);
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}
