import type { WebhookEndpoint } from '@switchboard/db';
import type { WebhookEventType } from '@switchboard/webhooks';
import type { WebhookEndpointView } from './webhook-endpoint-schemas';

/** The public shape of an endpoint row (no secrets). */
export function toWebhookEndpointView(row: WebhookEndpoint, now: Date): WebhookEndpointView {
  const graceEnd = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes as WebhookEventType[],
    enabled: row.enabled,
    disabled_at: row.disabledAt?.toISOString() ?? null,
    disabled_reason: (row.disabledReason as WebhookEndpointView['disabled_reason']) ?? null,
    failing_since: row.failingSince?.toISOString() ?? null,
    previous_secret_expires_at: graceEnd !== null && graceEnd.getTime() > now.getTime() ? graceEnd.toISOString() : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
