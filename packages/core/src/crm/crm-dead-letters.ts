import { isCrmSyncError } from '@switchboard/crm';
import type { Prisma, PrismaClient } from '@switchboard/db';
import type { CrmIntegration } from './crm-deps';
import { crmSyncTaskLocalId, type CrmSyncTask } from './crm-sync-task';

/** Records (or bumps) the dead letter of a task that could not be synced, with the reason. */
export async function recordCrmDeadLetter(prisma: PrismaClient, integration: Pick<CrmIntegration, 'id' | 'workspaceId'>, task: CrmSyncTask, error: unknown): Promise<void> {
  const crm = isCrmSyncError(error) ? error : null;
  const message = (error as Error)?.message?.slice(0, 1000) ?? String(error);
  const data = { error: message, status: crm?.status ?? null, retryable: crm ? crm.retryable : true, payload: task as unknown as Prisma.InputJsonObject, resolvedAt: null };
  await prisma.crmDeadLetter.upsert({
    where: { integrationId_task_localId: { integrationId: integration.id, task: task.kind, localId: crmSyncTaskLocalId(task) } },
    create: { workspaceId: integration.workspaceId, integrationId: integration.id, task: task.kind, localId: crmSyncTaskLocalId(task), ...data },
    update: { ...data, attempts: { increment: 1 } },
  });
}

/** Marks a task's dead letter resolved once the same work has succeeded. */
export async function resolveCrmDeadLetter(prisma: PrismaClient, integrationId: string, task: CrmSyncTask, now: Date): Promise<void> {
  await prisma.crmDeadLetter.updateMany({ where: { integrationId, task: task.kind, localId: crmSyncTaskLocalId(task), resolvedAt: null }, data: { resolvedAt: now } });
}

/** One row of the dead-letter list. */
export interface CrmDeadLetterView {
  id: string;
  task: string;
  local_id: string;
  error: string;
  status: number | null;
  retryable: boolean;
  attempts: number;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

/** The workspace's dead letters, newest first (unresolved only unless asked). */
export async function listCrmDeadLetters(prisma: PrismaClient, workspaceId: string, options: { includeResolved?: boolean; limit?: number } = {}): Promise<CrmDeadLetterView[]> {
  const rows = await prisma.crmDeadLetter.findMany({
    where: { workspaceId, ...(options.includeResolved ? {} : { resolvedAt: null }) },
    orderBy: { updatedAt: 'desc' },
    take: Math.min(options.limit ?? 100, 500),
  });
  return rows.map((r) => ({
    id: r.id, task: r.task, local_id: r.localId, error: r.error, status: r.status, retryable: r.retryable, attempts: r.attempts,
    created_at: r.createdAt.toISOString(), updated_at: r.updatedAt.toISOString(), resolved_at: r.resolvedAt?.toISOString() ?? null,
  }));
}
