import { listWebhookDeliveriesQuerySchema, webhookDeliveryPageSchema } from '@switchboard/core';
import { z } from 'zod';

export const listWebhookDeliveriesInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid(), query: listWebhookDeliveriesQuerySchema.default({}) });
export const listWebhookDeliveriesOutput = webhookDeliveryPageSchema;
