import { replayEndpointInputSchema, replayResultSchema } from '@switchboard/core';
import { z } from 'zod';

export const replayWebhookEndpointInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid(), range: replayEndpointInputSchema });
export const replayWebhookEndpointOutput = replayResultSchema;
