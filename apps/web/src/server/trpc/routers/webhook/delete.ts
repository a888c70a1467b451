import { deleteWebhookEndpoint as deleteEndpoint } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { deleteWebhookEndpointInput, deleteWebhookEndpointOutput } from './delete.schema';

/** Deletes an endpoint with its deliveries (admins). */
export const deleteWebhookEndpoint = roleProcedure('admin')
  .input(deleteWebhookEndpointInput)
  .output(deleteWebhookEndpointOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteEndpoint(webhookDeps(ctx.prisma), ctx.workspace.id, input.id);
    return { deleted: true as const };
  });
