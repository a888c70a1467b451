import type { Prisma } from '@switchboard/db';

/**
 * Records that a CRM change made at `atSeconds` (the CRM's own clock) is being applied to the
 * conversation link `linkId`, unless a newer change was applied already. Returns false for a change
 * older than the last applied one: Chatwoot does not deliver webhooks in order, and a late `open`
 * must not undo a newer `resolved`. Changes at the same instant are both applied (one webhook can
 * carry a status and an assignee change). Runs in the caller's transaction, so a change that fails
 * to apply does not move the clock.
 */
export async function advanceCrmChangeClock(tx: Prisma.TransactionClient, linkId: string, atSeconds: number): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE crm_links SET last_change_at = to_timestamp(${atSeconds}::float8)
    WHERE id = ${linkId}::uuid AND (last_change_at IS NULL OR last_change_at <= to_timestamp(${atSeconds}::float8))`;
  return updated === 1;
}
