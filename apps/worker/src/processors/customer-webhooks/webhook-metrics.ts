import { Counter, Histogram, type Registry } from '@switchboard/observability';

/** The customer-webhook processor's metrics. */
export function createWebhookMetrics(registry: Registry) {
  return {
    attempts: new Counter({
      name: 'webhook_attempts_total',
      help: 'Delivery attempts by outcome (succeeded, retry, failed, gone, refused, lost_lease)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    attemptSeconds: new Histogram({
      name: 'webhook_attempt_duration_seconds',
      help: 'Time of one delivery attempt, connect to last byte',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    fannedOut: new Counter({ name: 'webhook_events_fanned_out_total', help: 'Customer events stored for delivery', registers: [registry] }),
    disabled: new Counter({ name: 'webhook_endpoints_disabled_total', help: 'Endpoints disabled by delivery results', labelNames: ['reason'], registers: [registry] }),
  };
}
