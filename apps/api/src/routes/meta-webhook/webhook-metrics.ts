import { Counter, type Registry } from '@switchboard/observability';

/** Outcomes of Meta webhook requests, the label of `meta_webhooks_received_total`. */
export type WebhookMetricOutcome = 'ok' | 'bad_signature' | 'unknown_number' | 'malformed' | 'unavailable' | 'handshake_ok' | 'handshake_rejected';

/** Counter of Meta webhook requests by outcome, registered on the api's registry. */
export function createWebhookMetrics(registry: Registry): { received(outcome: WebhookMetricOutcome): void } {
  const counter = new Counter({
    name: 'meta_webhooks_received_total',
    help: 'Meta webhook requests (POST deliveries and GET handshakes) by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  return { received: (outcome) => counter.inc({ outcome }) };
}
