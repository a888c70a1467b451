import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (time-ordered, like the ids Prisma generates), for rows written with raw SQL: the
 * 48-bit Unix milliseconds over the random bits of a v4 UUID. `randomUUID` draws from a buffered
 * entropy cache, so this is far cheaper than a `randomBytes` call per id on the hot paths.
 */
export function newEventId(now: number = Date.now()): string {
  const random = randomUUID();
  const ms = now.toString(16).padStart(12, '0').slice(-12);
  // random: xxxxxxxx-xxxx-4xxx-Nxxx-xxxxxxxxxxxx (N is already the RFC 9562 variant); only the version changes.
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${random.slice(15, 18)}${random.slice(18)}`;
}
