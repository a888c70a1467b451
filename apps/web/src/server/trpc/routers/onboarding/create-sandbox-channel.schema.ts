import { z } from 'zod';
import { workspaceInput } from '../../init';

export const createSandboxChannelInput = workspaceInput;
export const createSandboxChannelOutput = z.object({
  channelId: z.string(),
  phoneNumberId: z.string(),
  displayPhoneNumber: z.string(),
  botId: z.string(),
  existing: z.boolean(),
  /** The sandbox phone page opened on this number, to chat with the demo bot. */
  phoneUrl: z.string(),
});
