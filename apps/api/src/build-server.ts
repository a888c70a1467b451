import { newTraceId, type Logger, type ReadinessCheck, type Registry } from '@switchboard/observability';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { registerHttpMetrics } from './http/http-metrics';
import { registerJsonBodyParser } from './http/json-body-parser';
import { registerOpsRoutes } from './routes/ops-routes';

export interface ServerDeps {
  logger: Logger;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
  bodyLimit: number;
}

const traceIdPattern = /^[0-9a-f]{32}$/;

/** Trace id from a W3C `traceparent` or `x-trace-id` header, else a new one. */
function traceIdFor(headers: Record<string, string | string[] | undefined>): string {
  const traceparent = headers['traceparent'];
  if (typeof traceparent === 'string') {
    const id = traceparent.split('-')[1];
    if (id && traceIdPattern.test(id)) return id;
  }
  const given = headers['x-trace-id'];
  if (typeof given === 'string' && traceIdPattern.test(given)) return given;
  return newTraceId();
}

/** The API server with its error envelope, trace ids, metrics and ops routes; routes are added by callers. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit,
    genReqId: (req) => traceIdFor(req.headers),
    // One line per request is written by our onResponse hook instead.
    logController: new LogController({ requestIdLogLabel: 'trace_id', disableRequestLogging: true }),
    return503OnClosing: true,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-trace-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/metrics') && !request.url.startsWith('/healthz')) {
      request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: reply.elapsedTime }, 'request');
    }
  });
  registerJsonBodyParser(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  registerHttpMetrics(app, deps.registry);
  registerOpsRoutes(app, { registry: deps.registry, checks: deps.checks });
  return app;
}
