import type { Socket } from 'node:net';
import type { Logger, Registry } from '@switchboard/observability';
import type { SandboxConfig } from './config';
import type { SandboxMetrics } from './metrics';
import type { SandboxState } from './state/sandbox-state';
import type { StatusEmitter } from './webhooks/status-emitter';
import type { WebhookSender } from './webhooks/webhook-sender';

/** The parts every route handler works with, built once by createSandbox. */
export interface SandboxServices {
  config: SandboxConfig;
  state: SandboxState;
  sender: WebhookSender;
  statuses: StatusEmitter;
  logger: Logger;
  registry: Registry;
  metrics: SandboxMetrics;
  /** Requests left hanging by the hang faults, destroyed on close. */
  hangingSockets: Set<Socket>;
}
