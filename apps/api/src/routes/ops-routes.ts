import { readiness, type ReadinessCheck, type Registry } from '@switchboard/observability';
import type { FastifyInstance } from 'fastify';

/** /healthz (process is up), /readyz (dependencies answer) and /metrics. */
export function registerOpsRoutes(
  app: FastifyInstance,
  options: { registry: Registry; checks: Record<string, ReadinessCheck> },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const report = await readiness(options.checks);
    return reply.status(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
  });
  app.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(body);
  });
}
