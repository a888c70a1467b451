import type { Prisma, PrismaClient, WebhookEndpoint } from '@switchboard/db';
import { AppError } from '../app-error';

/** The workspace's endpoint, or 404 exactly as if it did not exist (other workspaces' ids included). */
export async function findWorkspaceEndpoint(
  db: PrismaClient | Prisma.TransactionClient,
  workspaceId: string,
  endpointId: string,
): Promise<WebhookEndpoint> {
  const row = await db.webhookEndpoint.findFirst({ where: { id: endpointId, workspaceId } });
  if (!row) throw new AppError('not_found', `Webhook endpoint ${endpointId} not found`);
  return row;
}
