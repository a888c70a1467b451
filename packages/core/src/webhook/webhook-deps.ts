import type { PrismaClient, SecretBox } from '@switchboard/db';

/** What the customer-webhook use-cases need. */
export interface WebhookDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  clock?: () => Date;
}

/** How long events are kept for replay (and listed). */
export const WEBHOOK_EVENT_RETENTION_MS = 30 * 24 * 3_600_000;

/** The current time of these deps. */
export function nowOf(deps: { clock?: () => Date }): Date {
  return deps.clock ? deps.clock() : new Date();
}
