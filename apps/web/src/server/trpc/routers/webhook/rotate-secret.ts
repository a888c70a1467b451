import { rotateWebhookSecret as rotateSecret } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { rotateWebhookSecretInput, rotateWebhookSecretOutput } from './rotate-secret.schema';

/** Rotates an endpoint's secret (admins); the old one keeps signing during the grace period. */
export const rotateWebhookSecret = roleProcedure('admin')
  .input(rotateWebhookSecretInput)
  .output(rotateWebhookSecretOutput)
  .mutation(({ ctx, input }) => rotateSecret(webhookDeps(ctx.prisma), ctx.workspace.id, input.id, { type: 'user', id: ctx.session.userId }));
