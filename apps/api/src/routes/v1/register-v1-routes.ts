import { createApiKeyAuthenticator, type ChannelDeps, type SendMessageDeps, type WebhookEndpointDeps } from '@switchboard/core';
import { Counter } from '@switchboard/observability';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context';
import { applyRateLimit, createApiKeyGuard } from '../../http/auth/with-api-key';
import { createRedisRateLimiter } from '../../http/rate-limit/create-rate-limiter';
import { buildOpenApiDocument } from '../../openapi/build-openapi-document';
import type { ApiRoute } from './api-route';
import { channelRoutes } from './channel-routes';
import { conversationRoutes } from './conversation-routes';
import { eventRoutes } from './events/event-routes';
import { knowledgeRoutes } from './knowledge/knowledge-routes';
import { messageRoutes } from './message-routes';
import { registerApiRoutes } from './register-api-routes';
import { webhookEndpointRoutes } from './webhook-endpoints/webhook-endpoint-routes';

/** Every guarded /api/v1 route of the public API, for registration and the OpenAPI document. */
export function apiV1Routes(deps: {
  messages: SendMessageDeps;
  channels: ChannelDeps;
  webhooks: WebhookEndpointDeps;
  /** How uploads reach the AI provider's embeddings (undefined: plain fetch). */
  providerFetch?: typeof fetch | undefined;
}): ApiRoute[] {
  return [
    ...messageRoutes(deps.messages),
    ...conversationRoutes({ prisma: deps.messages.prisma }),
    ...channelRoutes(deps.channels),
    ...webhookEndpointRoutes(deps.webhooks),
    ...eventRoutes(deps.webhooks),
    ...knowledgeRoutes({ prisma: deps.messages.prisma, secretBox: deps.messages.secretBox, providerFetch: deps.providerFetch }),
  ];
}

/** Mounts /api/v1: the guard (API key, rate limit, scopes), the routes, and the OpenAPI document. */
export function registerV1Routes(app: FastifyInstance, ctx: AppContext): void {
  const failOpen = new Counter({
    name: 'api_rate_limit_fail_open_total',
    help: 'Requests let through without a rate-limit check because Redis did not answer',
    registers: [ctx.registry],
  });
  let lastFailOpenLog = 0;
  const rateLimiter = createRedisRateLimiter({
    redis: ctx.redis,
    limit: ctx.config.API_RATE_LIMIT_PER_MINUTE,
    onFailOpen: (error) => {
      failOpen.inc();
      // One line per 10 s is enough to see the outage without flooding the log at thousands of requests per second.
      if (Date.now() - lastFailOpenLog > 10_000) {
        lastFailOpenLog = Date.now();
        ctx.logger.warn({ err: (error as Error).message }, 'rate limiter failed open: Redis unavailable');
      }
    },
  });
  const authenticator = createApiKeyAuthenticator({
    prisma: ctx.prisma,
    cacheTtlMs: ctx.config.API_KEY_CACHE_TTL_MS,
    onTouchError: (error) => ctx.logger.warn({ err: (error as Error).message }, 'could not record api key last_used_at'),
  });
  const dispatchFailures = new Counter({
    name: 'api_outbound_dispatch_failures_total',
    help: 'Committed messages whose queue hand-off failed (the outbox relay re-dispatches them)',
    registers: [ctx.registry],
  });
  const base = (ctx.config.PUBLIC_API_URL ?? ctx.config.APP_URL).replace(/\/+$/, '');
  const routes = apiV1Routes({
    messages: {
      prisma: ctx.prisma,
      sql: ctx.sql,
      secretBox: ctx.secretBox,
      dispatcher: ctx.dispatcher,
      onDispatchError: (error, messageId) => {
        dispatchFailures.inc();
        ctx.logger.warn({ err: (error as Error).message, message_id: messageId }, 'outbound dispatch failed; the outbox relay will retry');
      },
    },
    channels: { prisma: ctx.prisma, secretBox: ctx.secretBox, webhookUrl: `${base}/api/webhooks/whatsapp` },
    webhooks: {
      prisma: ctx.prisma,
      secretBox: ctx.secretBox,
      secretGraceMs: ctx.config.WEBHOOK_SECRET_GRACE_MS,
      urlPolicy: { allowHttp: ctx.config.WEBHOOK_ALLOW_HTTP, allowPrivateForTests: ctx.config.WEBHOOK_ALLOW_PRIVATE_FOR_TESTS },
    },
    providerFetch: ctx.providerFetch,
  });
  registerApiRoutes(app, routes, createApiKeyGuard({ authenticator, rateLimiter }));

  const document = buildOpenApiDocument(routes, ctx.config.PUBLIC_API_URL ? { serverUrl: ctx.config.PUBLIC_API_URL } : {});
  app.get('/api/v1/openapi.json', async (request, reply) => {
    applyRateLimit(reply, await rateLimiter.consume(`ip:${request.ip}`));
    return reply.send(document);
  });
}
