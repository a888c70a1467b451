import { findWorkspaceEndpoint } from './find-workspace-endpoint';
import type { WebhookDeps } from './webhook-deps';

/** Deletes an endpoint with its deliveries and attempts; the events stay for other endpoints and replay. */
export async function deleteWebhookEndpoint(deps: WebhookDeps, workspaceId: string, endpointId: string): Promise<void> {
  const endpoint = await findWorkspaceEndpoint(deps.prisma, workspaceId, endpointId);
  await deps.prisma.webhookEndpoint.deleteMany({ where: { id: endpoint.id, workspaceId } });
}
