import { z } from 'zod';
import { workspaceInput } from '../../init';

export const listChannelsInput = workspaceInput;

export const channelSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  displayPhoneNumber: z.string(),
  phoneNumberId: z.string(),
  status: z.string(),
  throughputMps: z.number(),
  createdAt: z.date(),
});
export const listChannelsOutput = z.array(channelSummarySchema);
export type ChannelSummary = z.infer<typeof channelSummarySchema>;
