export interface AdaptiveConcurrencyOptions {
  /** Never fewer steps in flight than this (also the start). */
  min: number;
  /** Never more (OUTBOUND_CONCURRENCY). */
  max: number;
  /** Queued steps tolerated before the limit shrinks / below which it may grow (TCP Vegas' alpha and beta). */
  alpha?: number;
  beta?: number;
  /** The baseline (lowest window median) is re-learnt after this long, so a slower Meta is not mistaken for queueing forever. */
  baselineTtlMs?: number;
  now?: () => number;
}

export interface AdaptiveConcurrencyLimit {
  /** Steps allowed in flight now. */
  readonly current: number;
  /** Records how long one step that called Graph took, and how many steps were in flight when it started. */
  observe(durationMs: number, inFlight: number): void;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How many send steps a worker runs at once, following their latency (the idea of TCP Vegas).
 * Little's law: steps in flight = throughput × step time. While a step takes about as long as the
 * best recently seen, more in flight means more throughput, so the limit grows when it is actually
 * used (doubling while nothing queues at all, so a burst towards a slow Meta is not held back long). Once steps take longer because they queue behind each other on this process's CPU and event
 * loop, more in flight adds only latency, for every lane: a critical message that is leased at once
 * still shares the event loop with every low-priority step in flight. Then the limit shrinks.
 * Latency is judged per window (one window ≈ `limit` steps, at least 10) by its median, against the
 * lowest window median of the last `baselineTtlMs`, so Graph's own spread is not taken for queueing.
 */
export function createAdaptiveConcurrencyLimit(options: AdaptiveConcurrencyOptions): AdaptiveConcurrencyLimit {
  const max = Math.max(1, options.max);
  const min = Math.min(Math.max(1, options.min), max);
  const alpha = options.alpha ?? 3;
  const beta = options.beta ?? 6;
  const baselineTtlMs = options.baselineTtlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let limit = min;
  let baseline = Number.POSITIVE_INFINITY;
  let baselineAt = 0;
  let window: number[] = [];
  let busiest = 0;

  return {
    get current() {
      return limit;
    },
    observe(durationMs, inFlight) {
      window.push(durationMs);
      busiest = Math.max(busiest, inFlight);
      if (window.length < Math.max(10, limit)) return;
      const typical = median(window);
      const used = busiest >= limit - 1;
      window = [];
      busiest = 0;
      const t = now();
      if (typical <= baseline || t - baselineAt > baselineTtlMs) {
        baseline = typical;
        baselineAt = t;
      }
      const queued = limit * (1 - baseline / Math.max(typical, baseline));
      if (queued > beta) limit = Math.max(min, limit - Math.max(1, Math.floor(limit * 0.1)));
      else if (used && queued < 1) limit = Math.min(max, limit * 2);
      else if (used && queued < alpha) limit = Math.min(max, limit + Math.max(1, Math.floor(limit * 0.2)));
    },
  };
}
