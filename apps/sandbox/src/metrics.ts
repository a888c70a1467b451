import { Counter, Histogram, type Registry } from '@switchboard/observability';

export interface SandboxMetrics {
  graphRequests: Counter<'route' | 'status'>;
  graphLatency: Histogram<'route'>;
  sendsAccepted: Counter<'type'>;
  sendsRejected: Counter<'code'>;
  faultsInjected: Counter<'fault'>;
  webhookDeliveries: Counter<'outcome'>;
}

/** Registers the sandbox's own counters on the app registry. */
export function createSandboxMetrics(registry: Registry): SandboxMetrics {
  return {
    graphRequests: new Counter({
      name: 'sandbox_graph_requests_total',
      help: 'Graph API requests answered, by route and HTTP status',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    graphLatency: new Histogram({
      name: 'sandbox_graph_request_seconds',
      help: 'Time to answer Graph API requests, injected latency included',
      labelNames: ['route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    sendsAccepted: new Counter({
      name: 'sandbox_sends_accepted_total',
      help: 'Messages accepted by POST /{phone-number-id}/messages, by type',
      labelNames: ['type'],
      registers: [registry],
    }),
    sendsRejected: new Counter({
      name: 'sandbox_sends_rejected_total',
      help: 'Sends refused with a Graph error, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    faultsInjected: new Counter({
      name: 'sandbox_faults_injected_total',
      help: 'Faults injected into Graph requests',
      labelNames: ['fault'],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'sandbox_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome (delivered, failed, gave_up)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
