import { createWebhookEndpoint as createEndpoint } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { createWebhookEndpointInput, createWebhookEndpointOutput } from './create.schema';

/** Adds an endpoint (admins); the answer carries the secret, shown this once. */
export const createWebhookEndpoint = roleProcedure('admin')
  .input(createWebhookEndpointInput)
  .output(createWebhookEndpointOutput)
  .mutation(({ ctx, input }) => createEndpoint(webhookDeps(ctx.prisma), ctx.workspace.id, input.endpoint));
