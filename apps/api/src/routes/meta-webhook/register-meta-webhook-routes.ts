import {
  AppError,
  createChannelDirectory,
  createMetaWebhookReceiver,
  isAppError,
  verifyMetaSubscription,
  type ChannelDirectory,
} from '@switchboard/core';
import { withTraceId } from '@switchboard/observability';
import { createInboundWebhookQueue } from '@switchboard/queue';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { AppContext } from '../../app-context';
import { createQueueInboundDispatcher } from './queue-inbound-dispatcher';
import { createWebhookMetrics } from './webhook-metrics';

/** Meta's one callback URL for every channel (design §4). */
export const META_WEBHOOK_PATH = '/api/webhooks/whatsapp';

export interface MetaWebhookRouteOptions {
  /** Channel lookups; by default cached 30 s (a new number is seen within 2 s). */
  channels?: ChannelDirectory;
}

/**
 * GET: Meta's subscription handshake. POST: route by phone_number_id, verify
 * X-Hub-Signature-256 over the raw bytes, persist, enqueue, 200. The worker's
 * `inbound-webhook` processor does the rest.
 */
export function registerMetaWebhookRoutes(app: FastifyInstance, ctx: AppContext, options: MetaWebhookRouteOptions = {}): void {
  const metrics = createWebhookMetrics(ctx.registry);
  // BullMQ gets its own connection: closing the queue then never closes the
  // client other routes share, and the shared client's lazy connect stays
  // with main.ts.
  const connection = ctx.redis.duplicate();
  connection.on('error', (error) => ctx.logger.debug({ err: error.message }, 'inbound queue redis error'));
  const queue = createInboundWebhookQueue(connection);
  app.addHook('onClose', async () => {
    await queue.close().catch(() => undefined);
    connection.disconnect();
  });
  // The ack's one INSERT goes straight to pg: through Prisma its runtime cost more CPU than the insert.
  // A database that does not answer within 5 s is a 503 (Meta retries), not a hanging request.
  const sql = new pg.Pool({ connectionString: ctx.config.DATABASE_URL, max: 4, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  sql.on('error', (error) => ctx.logger.warn({ err: error.message }, 'webhook pg connection error'));
  // A connection killed while checked out also emits on the client; without a listener that would crash the api.
  sql.on('connect', (client) => client.on('error', (error) => ctx.logger.debug({ err: error.message }, 'webhook pg connection failed')));
  app.addHook('onClose', async () => {
    await sql.end().catch(() => undefined);
  });
  const receiver = createMetaWebhookReceiver({
    sql,
    prisma: ctx.prisma,
    secretBox: ctx.secretBox,
    logger: ctx.logger,
    channels: options.channels ?? createChannelDirectory({ prisma: ctx.prisma, secretBox: ctx.secretBox }),
    dispatcher: createQueueInboundDispatcher(queue, connection),
  });

  app.get(META_WEBHOOK_PATH, async (request, reply) => {
    const challenge = await verifyMetaSubscription(ctx, request.query as Record<string, unknown>);
    if (challenge === null) {
      metrics.received('handshake_rejected');
      return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden');
    }
    metrics.received('handshake_ok');
    return reply.code(200).type('text/plain; charset=utf-8').send(challenge);
  });

  app.post(META_WEBHOOK_PATH, async (request, reply) => {
    const rawBody = request.rawBody;
    if (!rawBody) {
      metrics.received('malformed');
      throw new AppError('bad_request', 'Send the webhook as a JSON body');
    }
    const signature = request.headers['x-hub-signature-256'];
    let result;
    try {
      result = await withTraceId(request.id, () =>
        receiver.receive({ rawBody, body: request.body, signature: typeof signature === 'string' ? signature : undefined, traceId: request.id }),
      );
    } catch (error) {
      metrics.received('unavailable');
      // Meta retries any non-2xx for 7 days: a broken dependency is a 503, never a lost webhook.
      if (isAppError(error)) throw error;
      throw new AppError('service_unavailable', 'Could not accept the webhook; retry later', { cause: error, retryAfterSeconds: 5 });
    }
    metrics.received(result.outcome);
    switch (result.outcome) {
      case 'ok':
      case 'unknown_number':
        return reply.code(200).send({ received: true });
      case 'bad_signature':
        throw new AppError('unauthorized', result.reason === 'missing' ? 'Missing or malformed X-Hub-Signature-256' : 'X-Hub-Signature-256 does not match');
      case 'malformed':
        throw new AppError('bad_request', `Not a WhatsApp webhook: ${result.reason}`);
    }
  });
}
