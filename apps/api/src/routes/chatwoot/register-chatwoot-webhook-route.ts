import { AppError, handleChatwootWebhook } from '@switchboard/core';
import { withTraceId } from '@switchboard/observability';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';

/** Where Chatwoot posts an integration's webhooks (shown in the set-up answer as `webhook_url`). */
export const CHATWOOT_WEBHOOK_ROUTE = '/api/integrations/chatwoot/:integrationId/webhook';

const header = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Chatwoot → us: signature (when the integration has a secret) over the raw bytes, X-Chatwoot-Delivery
 * dedup, then agent replies to WhatsApp and takeover/resume (packages/core/src/crm). 200 with what each
 * event did; 401 for a bad signature, 404 for an unknown integration.
 */
export function registerChatwootWebhookRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { integrationId: string } }>(CHATWOOT_WEBHOOK_ROUTE, async (request, reply) => {
    const rawBody = request.rawBody;
    if (!rawBody) throw new AppError('bad_request', 'Send the webhook as a JSON body');
    const result = await withTraceId(request.id, () =>
      handleChatwootWebhook(
        {
          prisma: ctx.prisma, sql: ctx.sql, secretBox: ctx.secretBox, dispatcher: ctx.dispatcher,
          onDispatchError: (error, messageId) => ctx.logger.warn({ err: (error as Error).message, message_id: messageId }, 'agent reply queued; dispatch left to the outbox relay'),
        },
        {
          integrationId: request.params.integrationId, rawBody, body: request.body,
          signature: header(request.headers['x-chatwoot-signature']), timestamp: header(request.headers['x-chatwoot-timestamp']),
          deliveryId: header(request.headers['x-chatwoot-delivery']), traceId: request.id,
        },
      ),
    );
    return reply.code(200).send({ ok: true, duplicate: result.duplicate, outcomes: result.outcomes });
  });
}
