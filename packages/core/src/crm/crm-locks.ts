import type { Prisma, PrismaClient } from '@switchboard/db';

/**
 * Another sync job holds the object's lock. Sync jobs never wait for a lock inside a transaction
 * (a waiting transaction holds a pooled connection the lock's holder may need): they give up at once
 * and the worker runs them again a moment later, without spending a try.
 */
export class CrmBusyError extends Error {
  constructor(what: string) {
    super(`${what} is being synced by another job`);
    this.name = 'CrmBusyError';
  }
}

/** Narrows to CrmBusyError (also across bundled copies of core). */
export function isCrmBusyError(value: unknown): value is CrmBusyError {
  return value instanceof Error && value.name === 'CrmBusyError';
}

/**
 * Transaction-scoped advisory locks that serialise CRM work on one object across every process:
 * creating a contact or conversation once, creating a conversation's messages in order, and telling
 * our own echoes from agents' messages (the webhook handler waits until the conversation's lock is
 * free, so it cannot look while a mirror call is between "created in the CRM" and "link recorded").
 * Never waits: throws CrmBusyError when another transaction holds it.
 */
export async function lockCrmObject(tx: Prisma.TransactionClient, integrationId: string, kind: 'contact' | 'conversation', localId: string): Promise<void> {
  const key = `crm:${integrationId}:${kind}:${localId}`;
  const [row] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS locked`;
  if (!row?.locked) throw new CrmBusyError(`${kind} ${localId}`);
}

/**
 * Waits until no transaction holds the object's lock (polling: nothing is held while waiting, so a
 * burst of callers cannot exhaust the connection pool). Throws CrmBusyError after `timeoutMs`.
 */
export async function waitForCrmObject(
  prisma: PrismaClient, integrationId: string, kind: 'contact' | 'conversation', localId: string, timeoutMs = 30_000,
): Promise<void> {
  const key = `crm:${integrationId}:${kind}:${localId}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Outside a transaction the lock is taken and released by this one statement: it only asks "free now?".
    const [row] = await prisma.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS locked`;
    if (row?.locked) return;
    if (Date.now() > deadline) throw new CrmBusyError(`${kind} ${localId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Work under a CRM lock may call the CRM several times; allow for a slow one. */
export const CRM_LOCK_TRANSACTION = { maxWait: 15_000, timeout: 120_000 } as const;
