import { updateWebhookEndpoint as updateEndpoint } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { updateWebhookEndpointInput, updateWebhookEndpointOutput } from './update.schema';

/** Changes an endpoint (admins): URL, filter, description, enable / disable. */
export const updateWebhookEndpoint = roleProcedure('admin')
  .input(updateWebhookEndpointInput)
  .output(updateWebhookEndpointOutput)
  .mutation(({ ctx, input }) =>
    updateEndpoint(webhookDeps(ctx.prisma), ctx.workspace.id, input.id, input.changes, { type: 'user', id: ctx.session.userId }),
  );
