import { checkEndpointUrl } from './check-endpoint-url';
import { findWorkspaceEndpoint } from './find-workspace-endpoint';
import { disableEndpoint } from './record-delivery-attempt';
import { toWebhookEndpointView } from './to-webhook-endpoint-view';
import type { WebhookEndpointDeps } from './webhook-endpoint-deps';
import type { UpdateWebhookEndpointInput, WebhookEndpointView } from './webhook-endpoint-schemas';
import { nowOf } from './webhook-deps';

/**
 * Changes an endpoint. A new URL is checked like on create. `enabled: false` disables it (its
 * unfinished deliveries fail; replay them after enabling); `enabled: true` clears the disabled
 * state and the failure streak.
 */
export async function updateWebhookEndpoint(
  deps: WebhookEndpointDeps,
  workspaceId: string,
  endpointId: string,
  input: UpdateWebhookEndpointInput,
  actor: { type: 'api_key' | 'user'; id: string },
): Promise<WebhookEndpointView> {
  await findWorkspaceEndpoint(deps.prisma, workspaceId, endpointId);
  const url = input.url === undefined ? undefined : await checkEndpointUrl(input.url, deps.urlPolicy);
  const now = nowOf(deps);
  const row = await deps.prisma.$transaction(async (tx) => {
    const current = await findWorkspaceEndpoint(tx, workspaceId, endpointId);
    await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: {
        ...(url === undefined ? {} : { url }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.event_types === undefined ? {} : { eventTypes: [...new Set(input.event_types)] }),
        ...(input.enabled === true && !current.enabled ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null } : {}),
      },
    });
    if (input.enabled === false && current.enabled) {
      await disableEndpoint(tx, { endpointId, workspaceId, reason: 'by_user', now, actor });
    }
    return findWorkspaceEndpoint(tx, workspaceId, endpointId);
  });
  return toWebhookEndpointView(row, now);
}
