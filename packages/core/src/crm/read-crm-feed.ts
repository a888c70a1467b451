import { Prisma } from '@switchboard/db';
import { CUSTOMER_EVENT_TOPIC } from '../bot/handoff-conversation';
import { customerEventOutboxSchema, type ParsedCustomerEventOutbox } from '../webhook/customer-event-outbox';
import type { CrmDeps } from './crm-deps';
import { chatwootConfigSchema } from './crm-settings';
import type { CrmSyncTask } from './crm-sync-task';

/** A task to enqueue, after `delayMs`. */
export interface ScheduledCrmTask {
  task: CrmSyncTask;
  delayMs: number;
}

export interface CrmFeedResult {
  /** Another process is reading the feed. */
  busy: boolean;
  read: number;
  tasks: number;
}

const FEED = 'crm';
const LOCK = 'crm-feed';
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The CRM's consumer of the customer-event outbox, beside the webhook fan-out (which marks rows
 * published for itself): it keeps its own cursor over (created_at, id), turns the events of workspaces
 * with an enabled Chatwoot integration into sync tasks, hands them to `enqueue`, and moves the cursor
 * in the same transaction, so a failed enqueue reads the rows again. Rows younger than `settleMs` are
 * left for the next pass, because a transaction can commit a little after its row's created_at; a row
 * that commits later still is missed here and found by the reconciler. One reader at a time.
 */
export async function readCrmFeed(
  deps: Pick<CrmDeps, 'prisma'>,
  options: { batchSize?: number; settleMs: number; enqueue: (tasks: ScheduledCrmTask[]) => Promise<void> },
): Promise<CrmFeedResult> {
  return deps.prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${LOCK}, 0)) AS locked`;
      if (!lock?.locked) return { busy: true, read: 0, tasks: 0 };
      const settle = Prisma.sql`clock_timestamp() - make_interval(secs => ${options.settleMs / 1000})`;
      const [cursor] = await tx.$queryRaw<{ position: Date; last_id: string }[]>`SELECT position, last_id::text FROM crm_feed_cursors WHERE name = ${FEED} FOR UPDATE`;
      if (!cursor) {
        // First start: the live feed begins now; the reconciler backfills the recent past.
        await tx.$executeRaw`INSERT INTO crm_feed_cursors (name, position, last_id, updated_at) VALUES (${FEED}, ${settle}, ${ZERO_UUID}::uuid, now()) ON CONFLICT (name) DO NOTHING`;
        return { busy: false, read: 0, tasks: 0 };
      }
      const rows = await tx.$queryRaw<{ id: string; payload: unknown; created_at: Date }[]>`
        SELECT id::text, payload, created_at FROM outbox_entries
        WHERE topic = ${CUSTOMER_EVENT_TOPIC} AND (created_at, id) > (${cursor.position}::timestamptz, ${cursor.last_id}::uuid) AND created_at <= ${settle}
        ORDER BY created_at, id LIMIT ${options.batchSize ?? 500}`;
      const last = rows.at(-1);
      if (!last) return { busy: false, read: 0, tasks: 0 };

      const records = rows.flatMap((row) => {
        const parsed = customerEventOutboxSchema.safeParse(row.payload);
        return parsed.success ? [{ id: row.id, record: parsed.data }] : [];
      });
      const workspaceIds = [...new Set(records.map((r) => r.record.workspaceId))];
      const integrations = workspaceIds.length
        ? await tx.integration.findMany({ where: { workspaceId: { in: workspaceIds }, kind: 'chatwoot', enabled: true }, select: { workspaceId: true, config: true } })
        : [];
      const autoResumeOf = new Map(integrations.map((i) => [i.workspaceId, chatwootConfigSchema.safeParse(i.config).data?.autoResumeMinutes ?? 0]));
      const tasks = records.flatMap(({ id, record }) => (autoResumeOf.has(record.workspaceId) ? tasksFor(id, record, autoResumeOf.get(record.workspaceId) ?? 0) : []));
      if (tasks.length) await options.enqueue(tasks);
      await tx.$executeRaw`UPDATE crm_feed_cursors SET position = ${last.created_at}::timestamptz, last_id = ${last.id}::uuid, updated_at = now() WHERE name = ${FEED}`;
      return { busy: false, read: rows.length, tasks: tasks.length };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

/** The sync work one customer event asks for. */
export function tasksFor(eventId: string, record: ParsedCustomerEventOutbox, autoResumeMinutes: number): ScheduledCrmTask[] {
  const now = (task: CrmSyncTask): ScheduledCrmTask => ({ task, delayMs: 0 });
  const workspaceId = record.workspaceId;
  switch (record.type) {
    case 'message.received':
      return [now({ kind: 'message', workspaceId, messageId: record.messageId })];
    case 'message.status': {
      if (record.to === 'queued') return record.from === null ? [now({ kind: 'message', workspaceId, messageId: record.messageId })] : [];
      const status = record.to === 'expired' ? 'failed' : record.to;
      if (status === 'sent' || status === 'delivered' || status === 'read' || status === 'failed') {
        return [now({ kind: 'message_status', workspaceId, messageId: record.messageId, status })];
      }
      return [];
    }
    case 'conversation.handoff': {
      const tasks = [now({ kind: 'conversation_status', workspaceId, conversationId: record.conversationId, status: 'open', eventId })];
      if (autoResumeMinutes > 0) {
        tasks.push({ task: { kind: 'auto_resume', workspaceId, conversationId: record.conversationId, handoffAt: record.at }, delayMs: autoResumeMinutes * 60_000 });
      }
      return tasks;
    }
    case 'conversation.resumed':
      // A resume that came from the CRM (resolved, or set back to pending there) is already true there.
      if (record.reason?.startsWith('crm:')) return [];
      return [now({ kind: 'conversation_status', workspaceId, conversationId: record.conversationId, status: 'pending', eventId })];
  }
}
