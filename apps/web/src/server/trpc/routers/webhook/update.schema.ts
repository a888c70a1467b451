import { updateWebhookEndpointInputSchema, webhookEndpointViewSchema } from '@switchboard/core';
import { z } from 'zod';

export const updateWebhookEndpointInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid(), changes: updateWebhookEndpointInputSchema });
export const updateWebhookEndpointOutput = webhookEndpointViewSchema;
