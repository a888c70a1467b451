import { randomBytes } from 'node:crypto';
import { getEnv } from '../../../../env';
import { metaWebhookUrl } from '../../../channels/channel-deps';
import { roleProcedure } from '../../init';
import { channelConnectInfoInput, channelConnectInfoOutput } from './connect-info.schema';

/** What to paste into Meta when connecting a real number (admins). */
export const channelConnectInfo = roleProcedure('admin')
  .input(channelConnectInfoInput)
  .output(channelConnectInfoOutput)
  .query(() => ({ webhookUrl: metaWebhookUrl(getEnv()), suggestedVerifyToken: randomBytes(18).toString('base64url') }));
