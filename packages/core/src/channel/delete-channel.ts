import { AppError } from '../app-error';
import type { ChannelDeps } from './channel-deps';

/**
 * Soft-deletes a channel: it disappears from the API and stops sending, but
 * its messages and conversations stay, and re-adding the number restores it.
 */
export async function deleteChannel(deps: Pick<ChannelDeps, 'prisma' | 'clock'>, workspaceId: string, channelId: string): Promise<void> {
  const now = (deps.clock ?? (() => new Date()))();
  const { count } = await deps.prisma.channel.updateMany({
    where: { id: channelId, workspaceId, deletedAt: null },
    data: { deletedAt: now, status: 'disabled' },
  });
  if (count === 0) throw new AppError('not_found', `Channel ${channelId} not found`);
}
