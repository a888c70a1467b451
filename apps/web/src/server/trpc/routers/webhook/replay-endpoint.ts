import { replayWebhookEndpoint as replayEndpoint } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { replayWebhookEndpointInput, replayWebhookEndpointOutput } from './replay-endpoint.schema';

/** Sends an endpoint every stored event of a time range again (admins). */
export const replayWebhookEndpoint = roleProcedure('admin')
  .input(replayWebhookEndpointInput)
  .output(replayWebhookEndpointOutput)
  .mutation(({ ctx, input }) => replayEndpoint(webhookDeps(ctx.prisma), ctx.workspace.id, input.id, input.range));
