import { parseOrThrow } from '@switchboard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WithApiKey } from '../../http/auth/with-api-key';
import type { ApiRoute } from './api-route';

/** Mounts each route behind the guard, parsing params, query and body with the route's own schemas. */
export function registerApiRoutes(app: FastifyInstance, routes: readonly ApiRoute[], withApiKey: WithApiKey): void {
  for (const route of routes) {
    const handler = async (request: FastifyRequest, reply: FastifyReply, principal: Parameters<ApiRoute['handle']>[0]['principal']) => {
      const params = route.params ? parseOrThrow(route.params, request.params) : undefined;
      const query = route.query ? parseOrThrow(route.query, request.query) : undefined;
      const body = route.body ? parseOrThrow(route.body, request.body) : undefined;
      const result = await route.handle({ request, reply, principal, params, query, body });
      if (result.headers) reply.headers(result.headers);
      reply.status(result.status);
      return result.status === 204 ? reply.send() : reply.send(result.body);
    };
    app.route({ method: route.method, url: route.url, ...withApiKey(handler, { scopes: route.scopes }) });
  }
}
