import type { AssertSafeUrlOptions } from '@switchboard/safe-http';
import type { WebhookDeps } from './webhook-deps';

/** What the endpoint use-cases (REST and dashboard) need. */
export interface WebhookEndpointDeps extends WebhookDeps {
  /** URL rules applied when an endpoint is saved (https outside development; SSRF refusals). */
  urlPolicy: AssertSafeUrlOptions;
  /** How long the old secret still signs after a rotation (24 h by default). */
  secretGraceMs: number;
  /** Most endpoints one workspace may have (20 by default). */
  maxEndpointsPerWorkspace?: number;
}
