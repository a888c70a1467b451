import { replayWebhookEvent as replayEvent } from '@switchboard/core';
import { webhookDeps } from '../../../webhooks/webhook-deps';
import { roleProcedure } from '../../init';
import { replayWebhookEventInput, replayWebhookEventOutput } from './replay-event.schema';

/** Sends one stored event again (admins); NOT_FOUND after its 30 days. */
export const replayWebhookEvent = roleProcedure('admin')
  .input(replayWebhookEventInput)
  .output(replayWebhookEventOutput)
  .mutation(({ ctx, input }) => replayEvent(webhookDeps(ctx.prisma), ctx.workspace.id, input.eventId));
