import type { PrismaClient } from '@switchboard/db';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';

/**
 * Deletes events past their 30 days (their deliveries and attempts go with them) and customer-event
 * outbox rows published more than a day ago, in batches so no statement holds locks for long.
 * Returns the numbers deleted.
 */
export async function pruneWebhookEvents(prisma: PrismaClient, now: Date = new Date(), batchSize = 5000): Promise<{ events: number; outbox: number }> {
  let events = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`DELETE FROM webhook_events WHERE id IN (
      SELECT id FROM webhook_events WHERE expires_at <= ${now}::timestamptz LIMIT ${batchSize})`;
    events += deleted;
    if (deleted < batchSize) break;
  }
  const dayAgo = new Date(now.getTime() - 86_400_000);
  let outbox = 0;
  for (;;) {
    const deleted = await prisma.$executeRaw`DELETE FROM outbox_entries WHERE id IN (
      SELECT id FROM outbox_entries WHERE topic = ${CUSTOMER_EVENT_TOPIC} AND published_at < ${dayAgo}::timestamptz LIMIT ${batchSize})`;
    outbox += deleted;
    if (deleted < batchSize) break;
  }
  return { events, outbox };
}
