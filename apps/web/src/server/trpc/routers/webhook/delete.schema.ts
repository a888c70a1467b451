import { z } from 'zod';

export const deleteWebhookEndpointInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const deleteWebhookEndpointOutput = z.object({ deleted: z.literal(true) });
