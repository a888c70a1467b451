import { AppError } from '../app-error';
import { findWorkspaceEndpoint } from './find-workspace-endpoint';
import type { ReplayEndpointInput, ReplayResult } from './webhook-endpoint-schemas';
import { nowOf, type WebhookDeps } from './webhook-deps';

/**
 * Sends again every stored event (still within its 30 days) of the workspace created in
 * [since, until) that the endpoint's filter wants, as `replayWebhookEvent` does for one event.
 * The endpoint must be enabled.
 */
export async function replayWebhookEndpoint(
  deps: WebhookDeps,
  workspaceId: string,
  endpointId: string,
  input: ReplayEndpointInput,
): Promise<ReplayResult> {
  const now = nowOf(deps);
  const since = new Date(input.since);
  const until = input.until === undefined ? now : new Date(input.until);
  if (until.getTime() <= since.getTime()) {
    throw new AppError('validation_failed', 'until: must be after since', { details: [{ field: 'until', message: 'must be after since' }] });
  }
  const endpoint = await findWorkspaceEndpoint(deps.prisma, workspaceId, endpointId);
  if (!endpoint.enabled) throw new AppError('unprocessable', 'The endpoint is disabled: enable it (PATCH enabled: true) before replaying');
  const replayed = await deps.prisma.$executeRaw`
    INSERT INTO webhook_deliveries (id, workspace_id, event_id, endpoint_id, status, attempts, next_attempt_at, ordering_key, event_seq, give_up_at, created_at, updated_at)
    SELECT gen_random_uuid(), e.workspace_id, e.id, ${endpoint.id}::uuid, 'pending', 0, ${now}::timestamptz,
      COALESCE((SELECT d.ordering_key FROM webhook_deliveries d WHERE d.event_id = e.id LIMIT 1),
        CASE WHEN e.message_id IS NULL THEN 'event:' || e.id ELSE 'message:' || e.message_id END),
      e.seq, NULL, ${now}::timestamptz, ${now}::timestamptz
    FROM webhook_events e
    WHERE e.workspace_id = ${workspaceId}::uuid AND e.created_at >= ${since}::timestamptz AND e.created_at < ${until}::timestamptz
      AND e.expires_at > ${now}::timestamptz
      AND (cardinality(${endpoint.eventTypes}::text[]) = 0 OR e.type = ANY(${endpoint.eventTypes}::text[]))
    ORDER BY e.seq
    ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = EXCLUDED.next_attempt_at,
      give_up_at = NULL, updated_at = EXCLUDED.updated_at`;
  return { replayed, endpoint_ids: [endpoint.id] };
}
