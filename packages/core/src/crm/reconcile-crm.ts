import type { CrmAdapter } from '@switchboard/crm';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { nowOf } from './crm-deps';
import { crmSyncTaskSchema, type CrmSyncTask } from './crm-sync-task';

/** What one reconcile pass found; `tasks` are the repairs to enqueue. */
export interface ReconcileResult {
  missingMessages: number;
  lostConversations: number;
  retriedDeadLetters: number;
  tasks: CrmSyncTask[];
}

export interface ReconcileOptions {
  /** How far back to look for messages that never reached the CRM. */
  windowMs?: number;
  /** Messages younger than this are left to the live feed. */
  settleMs?: number;
  /** CRM conversations checked for existence per pass (each is one API call). */
  conversationChecks?: number;
}

const RECEIPT_RETENTION_MS = 7 * 86_400_000;

/**
 * Finds drift between us and the CRM for one workspace and returns the tasks that repair it: messages
 * of the last day without a CRM link (the feed missed them, or their jobs died while the CRM was down),
 * recently active conversations the CRM no longer has (their links are dropped so they are created
 * again), and retryable dead letters. Also prunes webhook receipts past their 7 days.
 */
export async function reconcileCrm(deps: CrmDeps, integration: CrmIntegration, adapter: CrmAdapter, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const now = nowOf(deps);
  const windowStart = new Date(Math.max(integration.since.getTime(), now.getTime() - (options.windowMs ?? 86_400_000)));
  const settled = new Date(now.getTime() - (options.settleMs ?? 30_000));
  const tasks: CrmSyncTask[] = [];
  const workspaceId = integration.workspaceId;

  // Lost conversations first, so their messages are found missing below.
  let lostConversations = 0;
  const recent = await deps.prisma.$queryRaw<{ local_id: string; external_id: string }[]>`
    SELECT l.local_id, l.external_id FROM crm_links l JOIN conversations c ON c.id = l.local_id
    WHERE l.integration_id = ${integration.id}::uuid AND l.entity = 'conversation' AND c.last_message_at >= ${windowStart}::timestamptz
    ORDER BY c.last_message_at DESC LIMIT ${options.conversationChecks ?? 50}`;
  for (const link of recent) {
    if ((await adapter.getConversationStatus(link.external_id)) !== null) continue;
    lostConversations += 1;
    await deps.prisma.$transaction([
      deps.prisma.$executeRaw`DELETE FROM crm_links WHERE integration_id = ${integration.id}::uuid AND entity = 'message'
        AND local_id IN (SELECT id FROM messages WHERE conversation_id = ${link.local_id}::uuid)`,
      deps.prisma.crmLink.deleteMany({ where: { integrationId: integration.id, entity: 'conversation', localId: link.local_id } }),
    ]);
  }

  // The newest unmirrored message per conversation: its task mirrors the earlier ones too, in order.
  const missing = await deps.prisma.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT ON (m.conversation_id) m.id FROM messages m
    WHERE m.workspace_id = ${workspaceId}::uuid AND m.conversation_id IS NOT NULL
      AND m.created_at >= ${windowStart}::timestamptz AND m.created_at <= ${settled}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM crm_links l WHERE l.integration_id = ${integration.id}::uuid AND l.entity = 'message' AND l.local_id = m.id)
    ORDER BY m.conversation_id, m.created_at DESC, m.id DESC LIMIT 1000`;
  for (const m of missing) tasks.push({ kind: 'message', workspaceId, messageId: m.id });

  let retriedDeadLetters = 0;
  const dead = await deps.prisma.crmDeadLetter.findMany({ where: { integrationId: integration.id, resolvedAt: null, retryable: true }, take: 500, orderBy: { updatedAt: 'asc' } });
  for (const letter of dead) {
    const task = crmSyncTaskSchema.safeParse(letter.payload);
    if (!task.success || task.data.kind === 'reconcile') continue;
    if (task.data.kind === 'message' && tasks.some((t) => t.kind === 'message' && t.messageId === (task.data as { messageId: string }).messageId)) continue;
    tasks.push(task.data);
    retriedDeadLetters += 1;
  }

  await deps.prisma.crmWebhookReceipt.deleteMany({ where: { integrationId: integration.id, receivedAt: { lt: new Date(now.getTime() - RECEIPT_RETENTION_MS) } } });
  return { missingMessages: missing.length, lostConversations, retriedDeadLetters, tasks };
}
