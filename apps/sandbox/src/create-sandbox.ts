import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLogger, createMetricsRegistry, handleOpsRequest, type Logger } from '@switchboard/observability';
import { createAdjustableClock, type AdjustableClock, type Clock } from './clock';
import type { SandboxConfig } from './config';
import { handleControlRequest } from './control/control-router';
import type { SseClients } from './control/sse';
import { handleGraphRequest } from './graph/graph-router';
import { sendControlError } from './http/respond';
import { createSandboxMetrics } from './metrics';
import { handlePhoneRequest } from './phone/phone-routes';
import type { SandboxServices } from './services';
import { SandboxState } from './state/sandbox-state';
import type { SimulatedUser } from './state/user-registry';
import { StatusEmitter } from './webhooks/status-emitter';
import { WebhookSender } from './webhooks/webhook-sender';

export interface CreateSandboxOptions {
  /** Overrides of the configuration; defaults suit an in-process test (port 0 = any free port). */
  config?: Partial<SandboxConfig>;
  /**
   * Time source for windows, rate limits, media expiry and timestamps. A clock with `advance`
   * (see createManualClock) is also exposed as `POST /_sandbox/clock`. Defaults to the wall clock.
   */
  clock?: Clock | AdjustableClock;
  /** Seed of the fault dice (default: random). */
  seed?: number;
  /** Simulated users to start with (default: Alice, Bob, Carla). */
  users?: SimulatedUser[];
  logger?: Logger;
  ledgerMaxEntries?: number;
  mediaMaxBytes?: number;
}

export interface Sandbox {
  server: Server;
  state: SandboxState;
  services: SandboxServices;
  /** Starts listening; resolves with the base URL (e.g. `http://127.0.0.1:53412`). */
  listen(): Promise<string>;
  /** Base URL once listening. */
  url(): string;
  /** Stops timers, retries, event streams and hanging requests, then the server. */
  close(): Promise<void>;
}

const defaults: SandboxConfig = {
  port: 0,
  host: '127.0.0.1',
  publicUrl: '',
  logLevel: 'silent',
  webhookTimeoutMs: 10_000,
  webhookRetryScheduleMs: [500, 2_000, 10_000, 30_000, 60_000],
};

/** Builds a sandbox (not yet listening): the Graph API, control API, webhooks and phone page on one node:http server. */
export function createSandbox(options: CreateSandboxOptions = {}): Sandbox {
  const config: SandboxConfig = { ...defaults, ...options.config };
  const explicitPublicUrl = config.publicUrl !== '';
  const logger = options.logger ?? createLogger({ service: 'sandbox', level: config.logLevel });
  const clock = options.clock ?? createAdjustableClock();
  const adjustable = 'advance' in clock ? (clock as AdjustableClock) : null;
  const registry = createMetricsRegistry('sandbox');
  const metrics = createSandboxMetrics(registry);
  const state = new SandboxState({
    clock,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(options.users ? { users: options.users } : {}),
    ...(options.ledgerMaxEntries ? { ledgerMaxEntries: options.ledgerMaxEntries } : {}),
    ...(options.mediaMaxBytes ? { mediaMaxBytes: options.mediaMaxBytes } : {}),
  });
  const sender = new WebhookSender({
    timeoutMs: config.webhookTimeoutMs,
    retryScheduleMs: config.webhookRetryScheduleMs,
    logger,
    deliveries: metrics.webhookDeliveries,
  });
  const statuses = new StatusEmitter(state, sender, logger);
  const hangingSockets = new Set<Socket>();
  const services: SandboxServices = { config, state, sender, statuses, logger, registry, metrics, hangingSockets };
  const sseClients: SseClients = new Set();
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    if (await handleGraphRequest(services, req, res, url)) return;
    if (await handleOpsRequest(req, res, { registry, checks: { accepting: async () => !closing } })) return;
    if (await handleControlRequest(services, sseClients, adjustable, req, res, url)) return;
    if (await handlePhoneRequest(req, res, url)) return;
    sendControlError(res, 404, 'not_found', `nothing at ${req.method} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'request failed');
      if (!res.headersSent) sendControlError(res, 500, 'internal_error', 'the sandbox failed to handle this request');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  let baseUrl = '';
  return {
    server,
    state,
    services,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          baseUrl = `http://${host}:${address.port}`;
          if (!explicitPublicUrl) config.publicUrl = baseUrl;
          resolve(baseUrl);
        });
      }),
    url: () => baseUrl,
    close: async () => {
      closing = true;
      statuses.close();
      sender.close();
      for (const client of sseClients) client.end();
      for (const socket of hangingSockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A keep-alive connection still busy at this instant (a response being written, a client that
        // aborted a hung request a moment ago) would otherwise hold close() for the keep-alive timeout.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
    },
  };
}
