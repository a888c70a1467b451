import { endpointWants, type WebhookEventType } from '@switchboard/webhooks';
import { AppError } from '../app-error';
import { newRowId } from '../inbound/new-row-id';
import type { ReplayResult } from './webhook-endpoint-schemas';
import { nowOf, type WebhookDeps } from './webhook-deps';

/**
 * Sends one stored event again to every enabled endpoint that wants its type: the delivery (new or
 * existing) goes back to `pending`, due now, with a fresh 24 h window; the body and `webhook-id`
 * are the stored ones, the timestamp and signature are made at the attempt. An event past its
 * 30 days (or of another workspace) is 404.
 */
export async function replayWebhookEvent(deps: WebhookDeps, workspaceId: string, eventId: string): Promise<ReplayResult> {
  const now = nowOf(deps);
  return deps.prisma.$transaction(async (tx) => {
    const event = await tx.webhookEvent.findFirst({ where: { id: eventId, workspaceId, expiresAt: { gt: now } }, select: { id: true, type: true, seq: true, messageId: true } });
    if (!event) throw new AppError('not_found', `Event ${eventId} not found (events are kept 30 days)`);
    const endpoints = (await tx.webhookEndpoint.findMany({ where: { workspaceId, enabled: true }, select: { id: true, eventTypes: true } }))
      .filter((e) => endpointWants(e.eventTypes, event.type as WebhookEventType));
    // The ordering key is the one the fan-out gave this event (its message or conversation).
    const existing = await tx.webhookDelivery.findFirst({ where: { eventId }, select: { orderingKey: true } });
    const orderingKey = existing?.orderingKey ?? (event.messageId ? `message:${event.messageId}` : `event:${event.id}`);
    for (const endpoint of endpoints) {
      await tx.$executeRaw`
        INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, status, attempts, next_attempt_at, ordering_key, event_seq, give_up_at, created_at, updated_at)
        VALUES (${newRowId(now.getTime())}::uuid, ${workspaceId}::uuid, ${event.id}::uuid, ${endpoint.id}::uuid, 'pending', 0, ${now}::timestamptz,
          ${orderingKey}, ${event.seq}::bigint, NULL, ${now}::timestamptz, ${now}::timestamptz)
        ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = EXCLUDED.next_attempt_at,
          give_up_at = NULL, updated_at = EXCLUDED.updated_at`;
    }
    return { replayed: endpoints.length, endpoint_ids: endpoints.map((e) => e.id) };
  });
}
