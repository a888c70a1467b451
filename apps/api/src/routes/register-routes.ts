import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { registerChatwootWebhookRoute } from './chatwoot/register-chatwoot-webhook-route';
import { registerMetaWebhookRoutes } from './meta-webhook/register-meta-webhook-routes';
import { registerV1Routes } from './v1/register-v1-routes';

/** Mounts every route group of the api; ops routes are part of buildServer. */
export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Route groups register here, one line each (e.g. registerMessageRoutes(app, ctx)).
  registerV1Routes(app, ctx);
  registerMetaWebhookRoutes(app, ctx);
  registerChatwootWebhookRoute(app, ctx);
}
