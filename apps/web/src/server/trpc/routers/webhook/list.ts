import { listWebhookEndpoints as listEndpoints } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { workspaceProcedure } from '../../init';
import { listWebhookEndpointsInput, listWebhookEndpointsOutput } from './list.schema';

/** The workspace's webhook endpoints; disabled ones carry the reason the dashboard shows as a notice. */
export const listWebhookEndpoints = workspaceProcedure
  .input(listWebhookEndpointsInput)
  .output(listWebhookEndpointsOutput)
  .query(({ ctx }) => listEndpoints(webhookDeps(ctx.prisma), ctx.workspace.id));
