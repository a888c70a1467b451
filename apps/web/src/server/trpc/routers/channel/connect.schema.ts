import { channelViewSchema, createChannelInputSchema } from '@switchboard/core';
import { z } from 'zod';

export const connectChannelInput = z.object({ workspaceId: z.uuid().optional(), channel: createChannelInputSchema });
export const connectChannelOutput = z.object({ channel: channelViewSchema, verifiedName: z.string().nullable() });
