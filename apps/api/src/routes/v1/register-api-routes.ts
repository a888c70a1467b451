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
      const file = route.upload
        ? { bytes: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), contentType: request.headers['content-type'] }
        : undefined;
      const result = await route.handle({ request, reply, principal, params, query, body, file });
      if (result.headers) reply.headers(result.headers);
      reply.status(result.status);
      return result.status === 204 ? reply.send() : reply.send(result.body);
    };
    const options = { method: route.method, url: route.url, ...withApiKey(handler, { scopes: route.scopes }) };
    const upload = route.upload;
    if (!upload) {
      app.route(options);
      continue;
    }
    // An upload route reads any body as bytes, in its own scope so the other routes keep JSON only.
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: upload.maxBytes }, (_request, raw, done) => done(null, raw));
      scope.route({ ...options, bodyLimit: upload.maxBytes });
    });
  }
}
