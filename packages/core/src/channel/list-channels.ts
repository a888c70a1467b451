import type { ChannelDeps } from './channel-deps';
import type { ChannelView } from './channel-schemas';
import { toChannelView } from './to-channel-view';

/** Every live channel of the workspace, oldest first (a workspace has a handful, so no pagination). */
export async function listChannels(deps: Pick<ChannelDeps, 'prisma' | 'webhookUrl'>, workspaceId: string): Promise<ChannelView[]> {
  const channels = await deps.prisma.channel.findMany({
    where: { workspaceId, deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 1000,
  });
  return channels.map((channel) => toChannelView(channel, deps.webhookUrl));
}
