import {
  getMessage,
  listMessages,
  listMessagesQuerySchema,
  messageAcceptedSchema,
  messagePageSchema,
  messageWithEventsViewSchema,
  sendMessage,
  sendMessageInputSchema,
  type SendMessageDeps,
} from '@switchboard/core';
import { z } from 'zod';
import { defineRoute, type ApiRoute } from './api-route';
import { idempotencyKeyOf } from './idempotency-key-header';

const messageIdParamsSchema = z.strictObject({ id: z.uuid({ error: 'must be a message id (UUID)' }) });

/** `/api/v1/messages`: send (idempotent, 202 once committed), read one with its timeline, list with a cursor. */
export function messageRoutes(deps: SendMessageDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/messages',
      operationId: 'sendMessage',
      summary: 'Send a message',
      description:
        'Validates the Cloud API type object against Meta\'s limits, stores the message and answers 202 once it is committed; sending happens in the background. ' +
        'With an Idempotency-Key, the same body within 7 days returns the original response (header Idempotent-Replayed: true); another body gets 422; a request still in flight gets 409. ' +
        'A free-form message to a contact whose 24-hour window is closed gets 422 outside_customer_service_window unless fallback_template is given, which is then sent instead.',
      tag: 'Messages',
      scopes: ['messages:write'],
      body: sendMessageInputSchema,
      idempotent: true,
      responses: {
        202: {
          description: 'Accepted and committed; the message is queued for sending',
          schema: messageAcceptedSchema,
          headers: { 'Idempotent-Replayed': 'true when this is the stored response of an earlier request with the same key' },
        },
      },
      errors: ['validation_failed', 'not_found', 'unprocessable', 'idempotency_key_in_use', 'idempotency_key_mismatch', 'outside_customer_service_window'],
      handle: async ({ request, principal, body }) => {
        const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key'], body.idempotency_key);
        const result = await sendMessage(deps, {
          workspaceId: principal.workspaceId,
          input: body,
          traceId: request.id,
          ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        });
        return {
          status: result.httpStatus,
          body: result.body,
          ...(result.replayed ? { headers: { 'idempotent-replayed': 'true' } } : {}),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/messages/:id',
      operationId: 'getMessage',
      summary: 'Get a message with its status timeline',
      tag: 'Messages',
      scopes: ['messages:read'],
      params: messageIdParamsSchema,
      responses: { 200: { description: 'The message and its events, oldest first', schema: messageWithEventsViewSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => ({ status: 200, body: await getMessage(deps, principal.workspaceId, params.id) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/messages',
      operationId: 'listMessages',
      summary: 'List messages, newest first',
      description: 'Filter by status, channel, conversation and creation time; page with next_cursor. limit is clamped to 1..100 (default 50).',
      tag: 'Messages',
      scopes: ['messages:read'],
      query: listMessagesQuerySchema,
      responses: { 200: { description: 'One page of messages', schema: messagePageSchema } },
      errors: ['validation_failed'],
      handle: async ({ principal, query }) => ({ status: 200, body: await listMessages(deps, principal.workspaceId, query) }),
    }),
  ];
}
