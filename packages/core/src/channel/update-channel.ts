import { hashVerifyToken, type Prisma } from '@switchboard/db';
import { AppError } from '../app-error';
import type { ChannelDeps } from './channel-deps';
import type { ChannelView, UpdateChannelInput } from './channel-schemas';
import { toChannelView } from './to-channel-view';

/** Changes the given fields of a live channel of the workspace (secrets re-encrypted), or 404. */
export async function updateChannel(
  deps: ChannelDeps,
  workspaceId: string,
  channelId: string,
  input: UpdateChannelInput,
): Promise<ChannelView> {
  const { secretBox } = deps;
  const data: Prisma.ChannelUpdateManyMutationInput = {
    ...(input.waba_id === undefined ? {} : { wabaId: input.waba_id }),
    ...(input.display_phone_number === undefined ? {} : { displayPhoneNumber: input.display_phone_number }),
    ...(input.access_token === undefined ? {} : { accessTokenEnc: secretBox.encrypt(input.access_token) }),
    ...(input.app_secret === undefined ? {} : { appSecretEnc: secretBox.encrypt(input.app_secret) }),
    ...(input.verify_token === undefined
      ? {}
      : { verifyTokenEnc: secretBox.encrypt(input.verify_token), verifyTokenHash: hashVerifyToken(input.verify_token) }),
    ...(input.throughput_mps === undefined ? {} : { throughputMps: input.throughput_mps }),
    ...(input.status === undefined ? {} : { status: input.status }),
  };
  // The workspace and liveness are part of the WHERE, so there is no read-then-write window.
  const [channel] = await deps.prisma.channel.updateManyAndReturn({
    where: { id: channelId, workspaceId, deletedAt: null },
    data,
  });
  if (!channel) throw new AppError('not_found', `Channel ${channelId} not found`);
  return toChannelView(channel, deps.webhookUrl);
}
