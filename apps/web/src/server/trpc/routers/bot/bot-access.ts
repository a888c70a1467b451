import { AppError } from '@switchboard/core';
import type { Prisma, PrismaClient } from '@switchboard/db';

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Checks that the channel and flow a bot is given belong to the workspace;
 * another workspace's id is a field error, not a hint that it exists.
 */
export async function checkBotLinks(db: Db, workspaceId: string, links: { channelId?: string | null; activeFlowId?: string | null }): Promise<void> {
  const [channel, flow] = await Promise.all([
    links.channelId ? db.channel.findFirst({ where: { id: links.channelId, workspaceId }, select: { id: true } }) : null,
    links.activeFlowId ? db.flow.findFirst({ where: { id: links.activeFlowId, workspaceId }, select: { id: true } }) : null,
  ]);
  const details = [
    ...(links.channelId && !channel ? [{ field: 'channelId', message: 'no such channel in this workspace' }] : []),
    ...(links.activeFlowId && !flow ? [{ field: 'activeFlowId', message: 'no such flow in this workspace' }] : []),
  ];
  if (details.length > 0) throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), { details });
}
