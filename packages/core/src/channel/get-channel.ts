import type { ChannelDeps } from './channel-deps';
import type { ChannelView } from './channel-schemas';
import { findWorkspaceChannel } from './find-workspace-channel';
import { toChannelView } from './to-channel-view';

/** One live channel of the workspace, or 404. */
export async function getChannel(
  deps: Pick<ChannelDeps, 'prisma' | 'webhookUrl'>,
  workspaceId: string,
  channelId: string,
): Promise<ChannelView> {
  return toChannelView(await findWorkspaceChannel(deps.prisma, workspaceId, channelId), deps.webhookUrl);
}
