import type { Prisma } from '@switchboard/db';
import type { z } from 'zod';
import { decodeMessageCursor, encodeMessageCursor } from '../message/message-cursor';
import { findWorkspaceEndpoint } from './find-workspace-endpoint';
import type { ListWebhookDeliveriesQuery, webhookDeliveryPageSchema } from './webhook-endpoint-schemas';
import type { WebhookDeps } from './webhook-deps';

type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPageSchema>;

/** An endpoint's deliveries, newest first, each with every attempt (time, status code, latency, excerpt, error). */
export async function listWebhookDeliveries(
  deps: WebhookDeps,
  workspaceId: string,
  endpointId: string,
  query: ListWebhookDeliveriesQuery,
): Promise<WebhookDeliveryPage> {
  await findWorkspaceEndpoint(deps.prisma, workspaceId, endpointId);
  const limit = query.limit ?? 50;
  const cursor = query.cursor === undefined ? undefined : decodeMessageCursor(query.cursor);
  const where: Prisma.WebhookDeliveryWhereInput = {
    workspaceId,
    endpointId,
    ...(query.status ? { status: query.status } : {}),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await deps.prisma.webhookDelivery.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { event: { select: { type: true } }, attemptsLog: { orderBy: { attemptedAt: 'asc' } } },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => ({
      id: row.id,
      event_id: row.eventId,
      event_type: row.event.type,
      status: row.status,
      attempts: row.attempts,
      next_attempt_at: row.nextAttemptAt?.toISOString() ?? null,
      last_attempt_at: row.lastAttemptAt?.toISOString() ?? null,
      last_error: row.lastError,
      give_up_at: row.giveUpAt?.toISOString() ?? null,
      created_at: row.createdAt.toISOString(),
      attempt_log: row.attemptsLog.map((a) => ({
        attempted_at: a.attemptedAt.toISOString(),
        status_code: a.statusCode,
        latency_ms: a.latencyMs,
        response_excerpt: a.responseExcerpt,
        error: a.error,
      })),
    })),
    next_cursor: rows.length > limit && last ? encodeMessageCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
