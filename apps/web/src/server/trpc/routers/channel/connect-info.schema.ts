import { z } from 'zod';
import { workspaceInput } from '../../init';

export const channelConnectInfoInput = workspaceInput;
export const channelConnectInfoOutput = z.object({
  /** Meta app dashboard → WhatsApp → Configuration → Callback URL. */
  webhookUrl: z.string(),
  /** A fresh random verify token to paste into Meta and submit with the form. */
  suggestedVerifyToken: z.string(),
});
