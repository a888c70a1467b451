import { getEnv } from '../../../../env';
import { metaWebhookUrl, sandboxUrl } from '../../../channels/channel-deps';
import { createSandboxChannel as createChannelOnSandbox } from '../../../channels/create-sandbox-channel';
import { getSecretBox } from '../../../secret-box';
import { roleProcedure } from '../../init';
import { createSandboxChannelInput, createSandboxChannelOutput } from './create-sandbox-channel.schema';

/** One click to a working chat (admins): a sandbox number with the demo bot, and the phone page to try it. */
export const createSandboxChannel = roleProcedure('admin')
  .input(createSandboxChannelInput)
  .output(createSandboxChannelOutput)
  .mutation(async ({ ctx }) => {
    const env = getEnv();
    const result = await createChannelOnSandbox(
      {
        prisma: ctx.prisma,
        secretBox: getSecretBox(),
        sandboxUrl: sandboxUrl(env),
        apiWebhookUrl: `${env.API_URL.replace(/\/+$/, '')}/api/webhooks/whatsapp`,
        publicWebhookUrl: metaWebhookUrl(env),
      },
      ctx.workspace.id,
      ctx.session.userId,
    );
    const phoneUrl = new URL('/phone', env.SANDBOX_PUBLIC_URL);
    phoneUrl.searchParams.set('number', result.phoneNumberId);
    return { ...result, phoneUrl: phoneUrl.toString() };
  });
