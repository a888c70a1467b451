import type { MessageStatus } from '@switchboard/db';

/**
 * The forward order of an outbound message's life (design §3.3). A status
 * update is applied only when it moves a message forward; `failed` and
 * `expired` are terminal. `received` is the state of inbound messages.
 */
const rank: Record<MessageStatus, number> = {
  accepted: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  failed: 6,
  expired: 6,
  received: 0,
};

const terminal = new Set<MessageStatus>(['failed', 'expired']);

/** True when no further status change is possible. */
export function isTerminalStatus(status: MessageStatus): boolean {
  return terminal.has(status);
}

/**
 * True when `next` moves a message in state `current` forward. Meta's
 * `failed` after `sent` is accepted (a send can fail after acceptance), but
 * nothing leaves a terminal state and `delivered` never overrides `read`.
 * `sending` may repeat (a new attempt) and may fall back to `queued` only
 * through an explicit retry, not through this rule.
 */
export function canTransition(current: MessageStatus, next: MessageStatus): boolean {
  if (current === 'received' || next === 'received') return false;
  if (isTerminalStatus(current)) return false;
  if (next === 'failed' || next === 'expired') return true;
  if (current === 'sending' && next === 'sending') return true;
  return rank[next] > rank[current];
}

/** Statuses that precede `status` in the forward order, for CAS updates (`WHERE status IN (...)`). */
export function statusesBefore(status: MessageStatus): MessageStatus[] {
  return (Object.keys(rank) as MessageStatus[]).filter((candidate) => canTransition(candidate, status));
}
