import { webhookEndpointWithSecretSchema } from '@switchboard/core';
import { z } from 'zod';

export const rotateWebhookSecretInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const rotateWebhookSecretOutput = webhookEndpointWithSecretSchema;
