import { listWebhookDeliveries as listDeliveries } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { workspaceProcedure } from '../../init';
import { listWebhookDeliveriesInput, listWebhookDeliveriesOutput } from './deliveries.schema';

/** The delivery log of an endpoint: each delivery with every attempt. */
export const listWebhookDeliveries = workspaceProcedure
  .input(listWebhookDeliveriesInput)
  .output(listWebhookDeliveriesOutput)
  .query(({ ctx, input }) => listDeliveries(webhookDeps(ctx.prisma), ctx.workspace.id, input.id, input.query));
