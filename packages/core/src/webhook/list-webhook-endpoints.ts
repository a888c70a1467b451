import { toWebhookEndpointView } from './to-webhook-endpoint-view';
import type { WebhookEndpointView } from './webhook-endpoint-schemas';
import { nowOf, type WebhookDeps } from './webhook-deps';
import { findWorkspaceEndpoint } from './find-workspace-endpoint';

/** The workspace's endpoints, oldest first. */
export async function listWebhookEndpoints(deps: WebhookDeps, workspaceId: string): Promise<WebhookEndpointView[]> {
  const rows = await deps.prisma.webhookEndpoint.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const now = nowOf(deps);
  return rows.map((row) => toWebhookEndpointView(row, now));
}

/** One endpoint of the workspace, or 404. */
export async function getWebhookEndpoint(deps: WebhookDeps, workspaceId: string, endpointId: string): Promise<WebhookEndpointView> {
  return toWebhookEndpointView(await findWorkspaceEndpoint(deps.prisma, workspaceId, endpointId), nowOf(deps));
}
