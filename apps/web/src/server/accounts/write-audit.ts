import type { Prisma } from '@switchboard/db';

/** One audit entry by a dashboard user; `workspaceId` null for account-level events (password change). */
export interface UserAuditEntry {
  workspaceId: string | null;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  data?: Prisma.InputJsonObject;
}

/** Records what a user did, inside the transaction that did it. */
export async function writeAudit(tx: Prisma.TransactionClient, entry: UserAuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorType: 'user',
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      ...(entry.data ? { data: entry.data } : {}),
    },
  });
}
