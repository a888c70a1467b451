import type { CrmAdapter } from '@switchboard/crm';
import type { CrmDeps, CrmIntegration } from './crm-deps';
import { nowOf } from './crm-deps';
import { CRM_LOCK_TRANSACTION, lockCrmObject } from './crm-locks';
import { resolveCrmDeadLetter } from './crm-dead-letters';
import type { CrmSyncTask } from './crm-sync-task';
import { adapterOf, loadCrmIntegration } from './load-crm-integration';
import { ensureCrmConversation, mirrorConversationMessages } from './mirror-conversation';
import { reconcileCrm, type ReconcileResult } from './reconcile-crm';
import { setOwnerFromCrm } from './set-owner-from-crm';

/** What a task did; `follow_up` tasks are for the caller to enqueue (with their delay). */
export interface CrmTaskOutcome {
  outcome: string;
  followUp?: { task: CrmSyncTask; delayMs: number }[];
  reconcile?: ReconcileResult;
}

/**
 * Runs one CRM sync task. Every task is idempotent: it looks at our link table before calling the CRM,
 * so a retried or duplicated job does nothing twice. CRM failures are thrown as `CrmSyncError`s for the
 * worker to retry or dead-letter; a success resolves the task's dead letter.
 */
export async function runCrmSyncTask(deps: CrmDeps, task: CrmSyncTask): Promise<CrmTaskOutcome> {
  const integration = await loadCrmIntegration(deps, task.workspaceId);
  if (!integration) return { outcome: 'no_integration' };
  const adapter = adapterOf(deps, integration);
  const result = await run(deps, integration, adapter, task);
  if (!['no_integration', 'not_found'].includes(result.outcome)) await resolveCrmDeadLetter(deps.prisma, integration.id, task, nowOf(deps));
  return result;
}

async function run(deps: CrmDeps, integration: CrmIntegration, adapter: CrmAdapter, task: CrmSyncTask): Promise<CrmTaskOutcome> {
  switch (task.kind) {
    case 'message':
      return { outcome: await mirrorMessage(deps, integration, adapter, task.messageId) };
    case 'message_status': {
      const mirrored = await mirrorMessage(deps, integration, adapter, task.messageId);
      if (mirrored === 'not_found' || mirrored === 'no_conversation' || mirrored === 'before_integration') return { outcome: mirrored };
      const message = await deps.prisma.message.findUniqueOrThrow({ where: { id: task.messageId }, select: { direction: true, conversationId: true, lastError: true, status: true } });
      if (message.direction !== 'outbound' || !message.conversationId) return { outcome: 'not_outbound' };
      const [messageLink, conversationLink] = await Promise.all([
        deps.prisma.crmLink.findUnique({ where: { integrationId_entity_localId: { integrationId: integration.id, entity: 'message', localId: task.messageId } } }),
        deps.prisma.crmLink.findUnique({ where: { integrationId_entity_localId: { integrationId: integration.id, entity: 'conversation', localId: message.conversationId } } }),
      ]);
      if (!messageLink || !conversationLink) return { outcome: 'not_mirrored' };
      // The second and later media of one agent message (`{id}#{n}`) share the first one's CRM message.
      if (messageLink.externalId.includes('#')) return { outcome: 'not_mirrored' };
      // Jobs may run out of order: send where the message is now (statuses only move forward), not where this event put it.
      const current = message.status === 'expired' ? 'failed' : message.status;
      const status = current === 'sent' || current === 'delivered' || current === 'read' || current === 'failed' ? current : task.status;
      const error = status === 'failed' ? errorText(message.lastError) : undefined;
      await adapter.updateMessageStatus({ conversationId: conversationLink.externalId, messageId: messageLink.externalId, status, ...(error ? { error } : {}) });
      return { outcome: 'status_mirrored' };
    }
    case 'conversation_status': {
      const done = await deps.prisma.$transaction(async (tx) => {
        await lockCrmObject(tx, integration.id, 'conversation', task.conversationId);
        const conversation = await tx.conversation.findUnique({ where: { id: task.conversationId }, select: { id: true, contactId: true, owner: true } });
        if (!conversation) return 'not_found';
        const crmId = await ensureCrmConversation(deps, tx, integration, adapter, conversation);
        const current = await adapter.getConversationStatus(crmId);
        if (current === task.status) return 'unchanged';
        await adapter.setConversationStatus(crmId, task.status);
        return 'status_set';
      }, CRM_LOCK_TRANSACTION);
      return { outcome: done };
    }
    case 'auto_resume':
      return autoResume(deps, integration, task);
    case 'reconcile': {
      const reconcile = await reconcileCrm(deps, integration, adapter, deps.reconcile);
      return { outcome: 'reconciled', reconcile, followUp: reconcile.tasks.map((t) => ({ task: t, delayMs: 0 })) };
    }
  }
}

/** Mirrors one message and whatever of its conversation precedes it. */
async function mirrorMessage(deps: CrmDeps, integration: CrmIntegration, adapter: CrmAdapter, messageId: string): Promise<string> {
  const message = await deps.prisma.message.findUnique({ where: { id: messageId }, select: { id: true, conversationId: true, createdAt: true, workspaceId: true } });
  if (!message || message.workspaceId !== integration.workspaceId) return 'not_found';
  if (!message.conversationId) return 'no_conversation';
  if (message.createdAt < integration.since) return 'before_integration';
  const link = await deps.prisma.crmLink.findUnique({ where: { integrationId_entity_localId: { integrationId: integration.id, entity: 'message', localId: messageId } } });
  if (link) return 'already_mirrored';
  const conversationId = message.conversationId;
  await deps.prisma.$transaction(
    (tx) => mirrorConversationMessages(deps, tx, integration, adapter, conversationId, { createdAt: message.createdAt, id: message.id }),
    CRM_LOCK_TRANSACTION,
  );
  return 'mirrored';
}

async function autoResume(deps: CrmDeps, integration: CrmIntegration, task: Extract<CrmSyncTask, { kind: 'auto_resume' }>): Promise<CrmTaskOutcome> {
  const minutes = integration.config.autoResumeMinutes;
  if (minutes === 0) return { outcome: 'auto_resume_off' };
  const now = nowOf(deps);
  return deps.prisma.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUnique({ where: { id: task.conversationId }, select: { owner: true, handoffAt: true } });
    if (!conversation || conversation.owner !== 'human') return { outcome: 'not_human' };
    // Agent activity moves handoff_at forward: wait for the quiet period counted from the latest.
    const due = (conversation.handoffAt ?? now).getTime() + minutes * 60_000;
    // A timer may fire a moment early; within a second counts as due.
    if (due - now.getTime() > 1_000) {
      const handoffAt = (conversation.handoffAt ?? now).toISOString();
      return { outcome: 'rescheduled', followUp: [{ task: { ...task, handoffAt }, delayMs: due - now.getTime() }] };
    }
    await setOwnerFromCrm(tx, {
      workspaceId: task.workspaceId, conversationId: task.conversationId, integrationId: integration.id, to: 'bot', reason: 'auto_resume',
      traceId: `crm-auto-resume-${task.conversationId}`, now,
    });
    return { outcome: 'resumed' };
  });
}

function errorText(lastError: unknown): string | undefined {
  if (!lastError || typeof lastError !== 'object') return undefined;
  const e = lastError as Record<string, unknown>;
  const text = [e['code'], e['title'] ?? e['message']].filter((v) => v !== undefined && v !== null).join(' ');
  return text === '' ? undefined : text.slice(0, 250);
}
