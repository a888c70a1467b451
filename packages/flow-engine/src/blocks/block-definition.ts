import type { z } from 'zod';
import type { BlockType } from '../block-type';
import type { Variables } from '../json-value';
import type { FlowEffect } from '../runtime/flow-effect';
import type { FlowEvent } from '../runtime/flow-event';
import type { WaitingFor } from '../runtime/session';

/** An output handle the builder renders and edges leave from (`next`, `button:<id>`, `else`, …). */
export interface HandleSpec {
  id: string;
  label: string;
}

/** What a block sees when it runs: its data, the variables and the turn's clock and window. */
export interface RunContext<Data> {
  nodeId: string;
  data: Data;
  variables: Variables;
  nowMs: number;
  nowIso: string;
  windowOpen: boolean;
  /** Handles of this node that have an edge, so a block can fall back when one does not. */
  connectedHandles: ReadonlySet<string>;
}

/** What a waiting block sees when the event it waited for arrives. */
export interface ResumeContext<Data> extends RunContext<Data> {
  event: FlowEvent;
  waitingFor: WaitingFor;
}

/** Where the flow goes after a block. */
export type BlockOutcome =
  | { kind: 'next'; handle: string }
  | { kind: 'goto'; nodeId: string }
  | { kind: 'wait'; waitingFor: Omit<WaitingFor, 'nodeId'> }
  | { kind: 'end'; reason: string; detail?: string };

/** A block's answer: effects to emit, variables to write, and where to go. */
export interface BlockResult {
  effects?: FlowEffect[];
  set?: Variables;
  outcome: BlockOutcome;
}

/** A lint finding raised by one block about its own data; the linter adds the node id. */
export interface BlockFinding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

/** What a block's lint rules may ask about the rest of the flow. */
export interface BlockLintContext {
  connectedHandles: ReadonlySet<string>;
  nodeIds: ReadonlySet<string>;
  variableTypes: ReadonlyMap<string, string>;
}

/**
 * One block type, complete: schema, handles, runtime and lint rules. Methods (not function
 * properties) keep the registry assignable to `BlockDefinition<unknown>` for generic dispatch.
 */
export interface BlockDefinition<Data, Type extends BlockType = BlockType> {
  type: Type;
  label: string;
  category: 'start' | 'message' | 'input' | 'logic' | 'integration' | 'flow';
  dataSchema: z.ZodType<Data>;
  /** Data a freshly dropped block starts with in the builder. */
  defaultData: Data;
  /** Pauses the turn waiting for the user or time, which makes a cycle through it safe. */
  pauses: boolean;
  /** Sends a free-form message, which needs the 24 h window (or a fallback template). */
  sendsFreeForm(data: Data): boolean;
  handles(data: Data): HandleSpec[];
  /** Variables this block reads (in `{{ }}`, expressions, conditions). */
  reads(data: Data): string[];
  /** Variables this block writes. */
  writes(data: Data): string[];
  run(ctx: RunContext<Data>): BlockResult;
  resume?(ctx: ResumeContext<Data>): BlockResult;
  lint(data: Data, ctx: BlockLintContext): BlockFinding[];
}
