import { Counter, Gauge, Histogram, type Registry } from '@switchboard/observability';

/** Metrics of the send pipeline (registered once per registry). */
export function createOutboundMetrics(registry: Registry) {
  const existing = registry.getSingleMetric('outbound_sends_total');
  if (existing) throw new Error('outbound metrics are already registered on this registry');
  return {
    /** Every step's result: sent, failed, expired, retry, ambiguous, throttle_number, … */
    steps: new Counter({ name: 'outbound_sends_total', help: 'Outbound send steps by outcome', labelNames: ['outcome'], registers: [registry] }),
    /** Graph calls made (a CAS to sending precedes each). */
    attempts: new Counter({ name: 'outbound_send_attempts_total', help: 'Graph send calls made', labelNames: ['lane'], registers: [registry] }),
    laneWait: new Histogram({
      name: 'outbound_lane_wait_seconds',
      help: 'Time from ready (enqueued or delay over) to picked by a worker',
      labelNames: ['lane'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    throttles: new Counter({
      name: 'outbound_throttle_events_total',
      help: 'Throttle answers from Meta (130429 per number, 131056 per recipient)',
      labelNames: ['scope', 'channel_id'],
      registers: [registry],
    }),
    inFlight: new Gauge({ name: 'outbound_in_flight', help: 'Sends in flight in this process', registers: [registry] }),
    concurrencyLimit: new Gauge({ name: 'outbound_concurrency_limit', help: 'Sends this process lets run at once (adapts to their latency)', registers: [registry] }),
    scheduled: new Gauge({ name: 'outbound_scheduled', help: 'Messages the scheduler holds, by state', labelNames: ['state'], registers: [registry] }),
  };
}
export type OutboundMetrics = ReturnType<typeof createOutboundMetrics>;
