import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** A named dependency check for /readyz; resolves true when the dependency answers. */
export type ReadinessCheck = () => Promise<boolean>;

export interface OpsOptions {
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
  /** How long one check may take before it counts as failed. */
  checkTimeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'fail'>;
}

/** Runs every readiness check concurrently, each bounded by a timeout. */
export async function readiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const ok = await Promise.race([check().catch(() => false), timeout]);
      clearTimeout(timer);
      return [name, ok ? 'ok' : 'fail'] as const;
    }),
  );
  const report = Object.fromEntries(entries) as Record<string, 'ok' | 'fail'>;
  return { ready: entries.every(([, state]) => state === 'ok'), checks: report };
}

/**
 * Serves /healthz, /readyz and /metrics for a node:http server.
 * Returns false when the path is not one of them, so the caller can route on.
 */
export async function handleOpsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: OpsOptions,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
    return true;
  }
  if (path === '/readyz') {
    const report = await readiness(options.checks, options.checkTimeoutMs);
    sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not_ready', checks: report.checks });
    return true;
  }
  if (path === '/metrics') {
    const body = await options.registry.metrics();
    res.writeHead(200, { 'content-type': options.registry.contentType });
    res.end(body);
    return true;
  }
  return false;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
