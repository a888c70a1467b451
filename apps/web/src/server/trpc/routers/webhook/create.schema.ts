import { createWebhookEndpointInputSchema, webhookEndpointWithSecretSchema } from '@switchboard/core';
import { z } from 'zod';

export const createWebhookEndpointInput = z.object({ workspaceId: z.uuid().optional(), endpoint: createWebhookEndpointInputSchema });
export const createWebhookEndpointOutput = webhookEndpointWithSecretSchema;
