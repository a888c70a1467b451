import {
  listWebhookEvents,
  listWebhookEventsQuerySchema,
  replayResultSchema,
  replayWebhookEvent,
  webhookEventPageSchema,
  webhookIdParamsSchema,
  type WebhookDeps,
} from '@switchboard/core';
import { defineRoute, type ApiRoute } from '../api-route';

const scopes = ['webhooks:write'] as const;

/** `/api/v1/events`: the customer events of the last 30 days and replay of one of them. */
export function eventRoutes(deps: WebhookDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/events',
      operationId: 'listEvents',
      summary: 'List customer events',
      description: 'Events of the last 30 days (recorded while the workspace has at least one webhook endpoint), newest first, with their delivery state per endpoint.',
      tag: 'Events',
      scopes,
      query: listWebhookEventsQuerySchema,
      responses: { 200: { description: 'A page of events', schema: webhookEventPageSchema } },
      errors: ['validation_failed'],
      handle: async ({ principal, query }) => ({ status: 200, body: await listWebhookEvents(deps, principal.workspaceId, query) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/events/:id/replay',
      operationId: 'replayEvent',
      summary: 'Replay one event',
      description:
        'Sends the event again to every enabled endpoint subscribed to its type: same body and webhook-id, fresh timestamp and signature. 404 once the event is older than 30 days.',
      tag: 'Events',
      scopes,
      params: webhookIdParamsSchema,
      responses: { 202: { description: 'Deliveries scheduled', schema: replayResultSchema } },
      errors: ['validation_failed', 'not_found'],
      handle: async ({ principal, params }) => ({ status: 202, body: await replayWebhookEvent(deps, principal.workspaceId, params.id) }),
    }),
  ];
}
