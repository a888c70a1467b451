import type { Prisma, PrismaClient } from '@switchboard/db';
import type { WebhookAttemptOutcome, WebhookRetryPlan } from '@switchboard/webhooks';
import { newRowId } from '../inbound/new-row-id';
import type { ClaimedDelivery } from './claim-due-deliveries';

/** Why an endpoint was disabled; shown on the endpoint and in the audit log. */
export type EndpointDisabledReason = 'gone' | 'failing' | 'by_user';

/** What recording an attempt did to the delivery and its endpoint. */
export interface RecordedAttempt {
  status: 'succeeded' | 'pending' | 'failed';
  /** False when the lease was lost (a replay or a disable changed the delivery meanwhile); the attempt row is kept. */
  applied: boolean;
  endpointDisabled: EndpointDisabledReason | null;
}

/**
 * Disables an endpoint (once), fails its unfinished deliveries and writes the audit entry the
 * dashboard shows as a notice. Returns false when it was already disabled.
 */
export async function disableEndpoint(
  tx: Prisma.TransactionClient,
  input: { endpointId: string; workspaceId: string; reason: EndpointDisabledReason; now: Date; actor?: { type: 'system' | 'api_key' | 'user'; id: string }; detail?: Record<string, unknown> },
): Promise<boolean> {
  const changed = await tx.webhookEndpoint.updateMany({
    where: { id: input.endpointId, workspaceId: input.workspaceId, enabled: true },
    data: { enabled: false, disabledAt: input.now, disabledReason: input.reason },
  });
  if (changed.count === 0) return false;
  await tx.$executeRaw`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = 'endpoint disabled', updated_at = ${input.now}::timestamptz
    WHERE endpoint_id = ${input.endpointId}::uuid AND status IN ('pending', 'delivering')`;
  await tx.auditLog.create({
    data: {
      workspaceId: input.workspaceId,
      actorType: input.actor?.type ?? 'system',
      actorId: input.actor?.id ?? 'customer-webhooks',
      action: 'webhook_endpoint.disabled',
      targetType: 'webhook_endpoint',
      targetId: input.endpointId,
      data: { reason: input.reason, ...input.detail } as Prisma.InputJsonObject,
    },
  });
  return true;
}

/**
 * Stores one attempt (always a row) and moves the delivery: `succeeded` on 2xx; `failed` on 410,
 * or when the plan gives up; otherwise back to `pending` at the planned time. The move is a
 * compare-and-set on the lease (status `delivering` and this attempt number). The endpoint's
 * `failing_since` is cleared by a success and set by the first failure — all in one statement,
 * since this runs once per attempt. 410 disables the endpoint, and so does failing without a single
 * success for `disableAfterMs` (a second transaction; a crash in between is repaired by the next
 * failed attempt).
 */
export async function recordDeliveryAttempt(
  prisma: PrismaClient,
  input: { delivery: ClaimedDelivery; outcome: WebhookAttemptOutcome; plan: WebhookRetryPlan | null; now: Date; disableAfterMs: number },
): Promise<RecordedAttempt> {
  const { delivery, outcome, plan, now } = input;
  let status: RecordedAttempt['status'];
  let nextAttemptAt: Date | null = null;
  let lastError = outcome.error;
  if (outcome.ok) status = 'succeeded';
  else if (outcome.gone) status = 'failed';
  else if (plan?.kind === 'retry') {
    status = 'pending';
    nextAttemptAt = plan.at;
  } else {
    status = 'failed';
    lastError = `${outcome.error ?? 'failed'}; gave up (${plan?.reason ?? 'window_elapsed'})`;
  }
  // Healthy endpoints are not written at all (no row lock shared by their concurrent deliveries).
  const [row] = await prisma.$queryRaw<{ moved: bigint; failing_since: Date | null }[]>`
    WITH attempt AS (
      INSERT INTO delivery_attempts (id, workspace_id, delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error)
      VALUES (${newRowId(now.getTime())}::uuid, ${delivery.workspaceId}::uuid, ${delivery.id}::uuid, ${now}::timestamptz,
        ${outcome.statusCode}::int, ${outcome.latencyMs}::int, ${outcome.responseExcerpt}::text, ${outcome.error}::text)
    ), moved AS (
      UPDATE webhook_deliveries SET status = ${status}::"WebhookDeliveryStatus", next_attempt_at = ${nextAttemptAt}::timestamptz,
        last_error = ${lastError}::text, updated_at = ${now}::timestamptz
      WHERE id = ${delivery.id}::uuid AND status = 'delivering' AND attempts = ${delivery.attempt}::int
      RETURNING id
    ), streak AS (
      UPDATE webhook_endpoints SET failing_since = CASE WHEN ${outcome.ok}::boolean THEN NULL ELSE ${now}::timestamptz END
      WHERE id = ${delivery.endpointId}::uuid AND (CASE WHEN ${outcome.ok}::boolean THEN failing_since IS NOT NULL ELSE failing_since IS NULL END)
      RETURNING failing_since
    )
    SELECT (SELECT count(*) FROM moved) AS moved,
      CASE WHEN ${outcome.ok}::boolean THEN NULL
        ELSE COALESCE((SELECT failing_since FROM streak), (SELECT failing_since FROM webhook_endpoints WHERE id = ${delivery.endpointId}::uuid)) END AS failing_since`;
  const failingSince = row?.failing_since ?? null;

  let endpointDisabled: EndpointDisabledReason | null = null;
  if (outcome.gone) endpointDisabled = 'gone';
  else if (!outcome.ok && failingSince && now.getTime() - failingSince.getTime() >= input.disableAfterMs) endpointDisabled = 'failing';
  if (endpointDisabled) {
    const reason = endpointDisabled;
    const disabled = await prisma.$transaction((tx) =>
      disableEndpoint(tx, {
        endpointId: delivery.endpointId, workspaceId: delivery.workspaceId, reason, now,
        detail: { status_code: outcome.statusCode, failing_since: failingSince?.toISOString() ?? null, delivery_id: delivery.id },
      }),
    );
    if (!disabled) endpointDisabled = null;
  }
  return { status, applied: Number(row?.moved ?? 0) === 1, endpointDisabled };
}
