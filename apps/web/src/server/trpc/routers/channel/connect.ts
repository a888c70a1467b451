import { createChannel } from '@switchboard/core';
import { getEnv } from '../../../../env';
import { writeAudit } from '../../../accounts/write-audit';
import { channelDeps } from '../../../channels/channel-deps';
import { checkChannelCredentials } from '../../../channels/check-channel-credentials';
import { roleProcedure } from '../../init';
import { connectChannelInput, connectChannelOutput } from './connect.schema';

/** Connects a real WhatsApp number (admins): the credentials are checked against the Cloud API first, then saved as the REST API saves them. */
export const connectChannel = roleProcedure('admin')
  .input(connectChannelInput)
  .output(connectChannelOutput)
  .mutation(async ({ ctx, input }) => {
    const env = getEnv();
    const info = await checkChannelCredentials({ baseUrl: env.WHATSAPP_GRAPH_URL, apiVersion: env.WHATSAPP_GRAPH_VERSION }, input.channel.phone_number_id, input.channel.access_token);
    const channel = await createChannel(channelDeps(ctx.prisma), ctx.workspace.id, input.channel);
    await writeAudit(ctx.prisma, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.session.userId,
      action: 'channel.connected',
      targetType: 'channel',
      targetId: channel.id,
      data: { phoneNumberId: channel.phone_number_id },
    });
    return { channel, verifiedName: info.verifiedName ?? null };
  });
