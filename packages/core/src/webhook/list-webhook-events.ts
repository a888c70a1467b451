import type { Prisma } from '@switchboard/db';
import type { z } from 'zod';
import { decodeMessageCursor, encodeMessageCursor } from '../message/message-cursor';
import type { ListWebhookEventsQuery, webhookEventPageSchema } from './webhook-endpoint-schemas';
import { nowOf, type WebhookDeps } from './webhook-deps';

type WebhookEventPage = z.infer<typeof webhookEventPageSchema>;

/** Stored events of the workspace (newest first, within their 30 days), with each endpoint's delivery state. */
export async function listWebhookEvents(deps: WebhookDeps, workspaceId: string, query: ListWebhookEventsQuery): Promise<WebhookEventPage> {
  const limit = query.limit ?? 50;
  const cursor = query.cursor === undefined ? undefined : decodeMessageCursor(query.cursor);
  const where: Prisma.WebhookEventWhereInput = {
    workspaceId,
    expiresAt: { gt: nowOf(deps) },
    ...(query.type ? { type: query.type } : {}),
    ...(query.message_id ? { messageId: query.message_id } : {}),
    ...(query.since || query.until
      ? { createdAt: { ...(query.since ? { gte: new Date(query.since) } : {}), ...(query.until ? { lt: new Date(query.until) } : {}) } }
      : {}),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await deps.prisma.webhookEvent.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { deliveries: { select: { endpointId: true, status: true, attempts: true, lastAttemptAt: true }, orderBy: { createdAt: 'asc' } } },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id,
      type: row.type as WebhookEventPage['data'][number]['type'],
      created_at: row.createdAt.toISOString(),
      expires_at: row.expiresAt.toISOString(),
      message_id: row.messageId,
      payload: JSON.parse(deps.secretBox.decrypt(row.payloadEnc)) as unknown,
      deliveries: row.deliveries.map((d) => ({ endpoint_id: d.endpointId, status: d.status, attempts: d.attempts, last_attempt_at: d.lastAttemptAt?.toISOString() ?? null })),
    })),
    next_cursor: rows.length > limit && last ? encodeMessageCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
