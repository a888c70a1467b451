import { z } from 'zod';

/** One unit of CRM sync work; the worker's `crm-sync` queue carries these (ids only, never content). */
export const crmSyncTaskSchema = z.discriminatedUnion('kind', [
  /** Mirror a message (and everything before it in its conversation) into the CRM. */
  z.object({ kind: z.literal('message'), workspaceId: z.uuid(), messageId: z.uuid() }),
  /** Mirror a WhatsApp delivery status onto the CRM message. */
  z.object({ kind: z.literal('message_status'), workspaceId: z.uuid(), messageId: z.uuid(), status: z.enum(['sent', 'delivered', 'read', 'failed']) }),
  /** Open (bot handed off) or set pending (bot resumed) the CRM conversation. */
  z.object({ kind: z.literal('conversation_status'), workspaceId: z.uuid(), conversationId: z.uuid(), status: z.enum(['open', 'pending']), eventId: z.uuid() }),
  /** Give a taken-over conversation back to the bot when agents have been quiet long enough. */
  z.object({ kind: z.literal('auto_resume'), workspaceId: z.uuid(), conversationId: z.uuid(), handoffAt: z.iso.datetime({ offset: true }) }),
  /** Find and repair drift for one workspace. */
  z.object({ kind: z.literal('reconcile'), workspaceId: z.uuid() }),
]);
export type CrmSyncTask = z.infer<typeof crmSyncTaskSchema>;

/** The deterministic id of a task: the same work enqueued twice while it exists is one job. */
export function crmSyncTaskId(task: CrmSyncTask): string {
  switch (task.kind) {
    case 'message':
      return `crm-message-${task.messageId}`;
    case 'message_status':
      return `crm-status-${task.messageId}-${task.status}`;
    case 'conversation_status':
      return `crm-conversation-${task.eventId}`;
    case 'auto_resume':
      return `crm-resume-${task.conversationId}-${Date.parse(task.handoffAt)}`;
    case 'reconcile':
      return `crm-reconcile-${task.workspaceId}`;
  }
}

/** The object a task is about, for dead letters. */
export function crmSyncTaskLocalId(task: CrmSyncTask): string {
  return 'messageId' in task ? task.messageId : 'conversationId' in task ? task.conversationId : task.workspaceId;
}
