import type { Channel, PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';

/**
 * The workspace's live channel with this id, or 404. Another workspace's
 * channel and a deleted one look exactly like a missing one.
 */
export async function findWorkspaceChannel(prisma: PrismaClient, workspaceId: string, channelId: string): Promise<Channel> {
  const channel = await prisma.channel.findFirst({ where: { id: channelId, workspaceId, deletedAt: null } });
  if (!channel) throw new AppError('not_found', `Channel ${channelId} not found`);
  return channel;
}
