import type { MessageContent } from '@switchboard/flow-engine';

/** One pending inbound message of a conversation, oldest first by `seq`. */
export interface PendingInput {
  id: string;
  /** Arrival (when the inbound transaction stored it), ms since the epoch. */
  arrivedAtMs: number;
  wamid: string;
  traceId: string;
  content: MessageContent;
}

/** The messages one turn answers and the message events fed to the engine for them. */
export interface TurnGroup {
  inputs: PendingInput[];
  contents: MessageContent[];
  /** The newest message of the group: marked read, and its trace id follows the replies. */
  last: PendingInput;
}

export type TurnAssembly =
  | { kind: 'none' }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'turn'; group: TurnGroup; rest: PendingInput[] };

/**
 * Picks the next turn from a conversation's pending messages (oldest first).
 * With a burst window of 0 every message is its own turn. Otherwise the
 * oldest message opens a window of `burstWindowMs`: until it closes the turn
 * waits; then every message that arrived inside it is answered together.
 * Consecutive text messages of a turn are joined with newlines into one text,
 * so "hi" + "I need help" reads as one message; a button or list tap, media or
 * location stays its own event, in order, because the engine answers each.
 */
export function assembleTurn(pending: readonly PendingInput[], options: { burstWindowMs: number; nowMs: number }): TurnAssembly {
  const first = pending[0];
  if (!first) return { kind: 'none' };
  const windowMs = Math.max(0, options.burstWindowMs);
  if (windowMs === 0) return { kind: 'turn', group: groupOf([first]), rest: pending.slice(1) };
  const closesAt = first.arrivedAtMs + windowMs;
  if (options.nowMs < closesAt) return { kind: 'wait', untilMs: closesAt };
  let count = 1;
  while (count < pending.length && (pending[count]?.arrivedAtMs ?? Infinity) <= closesAt) count += 1;
  return { kind: 'turn', group: groupOf(pending.slice(0, count)), rest: pending.slice(count) };
}

function groupOf(inputs: PendingInput[]): TurnGroup {
  const contents: MessageContent[] = [];
  for (const input of inputs) {
    const previous = contents[contents.length - 1];
    if (input.content.type === 'text' && previous?.type === 'text') {
      contents[contents.length - 1] = { type: 'text', body: `${previous.body}\n${input.content.body}` };
    } else {
      contents.push(input.content);
    }
  }
  const last = inputs[inputs.length - 1];
  if (!last) throw new Error('assembleTurn: a group needs at least one message');
  return { inputs, contents, last };
}
