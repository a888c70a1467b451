import type { SqlPool } from '../ports/sql-pool';
import { statusOutcomeOf, statusStatement, type ApplyStatusInput, type ApplyStatusRow, type StatusOutcome } from './apply-status-event';

export interface StoreInboundStatusInput extends ApplyStatusInput {
  inboundWebhookId: string;
}

export type StoreInboundStatusResult =
  /** Another run processed the webhook first (the claim found `processed_at` set). */
  | { kind: 'not_claimed' }
  | { kind: 'applied'; outcome: Exclude<StatusOutcome, 'ignored'>; receivedAt: Date };

/**
 * Applies a stored webhook that carries one status in ONE statement on a pg pool, so one round
 * trip and no explicit transaction: claims the webhook (sets `processed_at` unless already set)
 * and applies the status exactly as `applyStatusEvent` does (the same statement, gated on the
 * claim): the event once per message, status and Meta time, the forward-only move, its customer
 * event, or an audit row for a status that matches no message. All or nothing.
 *
 * Returns null for a status that says nothing about delivery (`deleted`): the general path
 * handles it.
 */
export async function storeInboundStatus(sql: SqlPool, input: StoreInboundStatusInput): Promise<StoreInboundStatusResult | null> {
  const statement = statusStatement(input, input.inboundWebhookId);
  if (!statement) return null;
  const { rows } = await sql.query<ApplyStatusRow & { received_at: Date | null }>(statement);
  const row = rows[0];
  if (!row?.received_at) return { kind: 'not_claimed' };
  return { kind: 'applied', outcome: statusOutcomeOf(row), receivedAt: row.received_at };
}
