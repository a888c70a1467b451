import { generateWebhookSecret } from '@switchboard/webhooks';
import { findWorkspaceEndpoint } from './find-workspace-endpoint';
import { toWebhookEndpointView } from './to-webhook-endpoint-view';
import type { WebhookEndpointDeps } from './webhook-endpoint-deps';
import type { WebhookEndpointWithSecret } from './webhook-endpoint-schemas';
import { nowOf } from './webhook-deps';

/**
 * Gives an endpoint a new secret (shown once). The current one becomes the previous secret and
 * keeps signing, beside the new one, for `secretGraceMs`, so a receiver can switch without
 * rejecting a single delivery. Rotating again during the grace period drops the oldest secret.
 */
export async function rotateWebhookSecret(
  deps: WebhookEndpointDeps,
  workspaceId: string,
  endpointId: string,
  actor: { type: 'api_key' | 'user'; id: string },
): Promise<WebhookEndpointWithSecret> {
  const secret = generateWebhookSecret();
  const now = nowOf(deps);
  const row = await deps.prisma.$transaction(async (tx) => {
    const current = await findWorkspaceEndpoint(tx, workspaceId, endpointId);
    const expiresAt = new Date(now.getTime() + deps.secretGraceMs);
    const updated = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: { secretEnc: deps.secretBox.encrypt(secret), previousSecretEnc: current.secretEnc, previousSecretExpiresAt: expiresAt },
    });
    await tx.auditLog.create({
      data: {
        workspaceId, actorType: actor.type, actorId: actor.id, action: 'webhook_endpoint.secret_rotated',
        targetType: 'webhook_endpoint', targetId: endpointId, data: { previous_secret_expires_at: expiresAt.toISOString() },
      },
    });
    return updated;
  });
  return { ...toWebhookEndpointView(row, now), secret };
}
