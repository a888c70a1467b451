import type { PrismaClient } from '@switchboard/db';

/**
 * Deletes idempotency records whose 7-day life is over (`expires_at <= now`),
 * in batches so one run never holds a long lock. Returns how many were
 * deleted. A key used again after this is a new request; records that
 * expired but are not yet pruned are already treated as absent by sendMessage.
 */
export async function pruneExpiredIdempotencyRecords(
  prisma: PrismaClient,
  now: Date = new Date(),
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5000;
  let total = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM idempotency_records
      WHERE id IN (SELECT id FROM idempotency_records WHERE expires_at <= ${now} LIMIT ${batchSize})`;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
