// Shared measurement for the pipeline benchmarks: which request produced
// which downstream event, latency from the scheduled time, and whether the
// backlog (accepted upstream, not yet done downstream) grows during a step.
import { round, summarize, type LatencySummary } from './open-loop';

export interface Tracked {
  /** Scheduled send time of the request, epoch ms. */
  scheduledMs: number;
  /** When its 2xx answer arrived, epoch ms. */
  answeredMs: number;
}

export interface DownstreamReport {
  expected: number;
  done: number;
  lost: number;
  duplicated: number;
  latency: LatencySummary;
  /** Items done downstream per second, from the first scheduled request to the last item done. */
  throughput_per_s: number;
  backlog: BacklogReport;
}

export interface BacklogReport {
  /** Backlog (upstream done − downstream done) at 25 %, 50 %, 75 % and 100 % of the schedule. */
  samples: number[];
  /** Least-squares slope of the backlog over the second half of the schedule, items per second. */
  growth_per_s: number;
  /** Time from the last scheduled request until the last downstream event, ms. */
  drain_ms: number;
}

/**
 * Joins requests (by key) with downstream event times (several per key when duplicated):
 * latency = first event − scheduled time; backlog over the schedule window.
 */
export function measureDownstream(tracked: Map<string, Tracked>, events: Map<string, number[]>, window: { startMs: number; endMs: number }): DownstreamReport {
  const latencies: number[] = [];
  let lost = 0;
  let duplicated = 0;
  const upstream: number[] = [];
  const downstream: number[] = [];
  for (const [key, t] of tracked) {
    upstream.push(t.answeredMs);
    const times = events.get(key);
    if (!times || times.length === 0) {
      lost += 1;
      continue;
    }
    if (times.length > 1) duplicated += times.length - 1;
    const first = Math.min(...times);
    downstream.push(first);
    latencies.push(first - t.scheduledMs);
  }
  const lastDone = downstream.length ? Math.max(...downstream) : window.endMs;
  return {
    expected: tracked.size,
    done: tracked.size - lost,
    lost,
    duplicated,
    latency: summarize(latencies),
    throughput_per_s: round(downstream.length / Math.max(0.001, (lastDone - window.startMs) / 1000)),
    backlog: backlog(upstream, downstream, window),
  };
}

/** Backlog samples and growth from the times items entered and left. */
export function backlog(upstream: number[], downstream: number[], window: { startMs: number; endMs: number }): BacklogReport {
  const up = [...upstream].sort((a, b) => a - b);
  const down = [...downstream].sort((a, b) => a - b);
  const countBy = (sorted: number[], t: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const at = (t: number) => countBy(up, t) - countBy(down, t);
  const span = window.endMs - window.startMs;
  const samples = [0.25, 0.5, 0.75, 1].map((f) => at(window.startMs + f * span));
  // Slope over the second half, sampled every 100 ms.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = window.startMs + span / 2; t <= window.endMs; t += 100) {
    xs.push((t - window.startMs) / 1000);
    ys.push(at(t));
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  const last = down.length ? down[down.length - 1]! : window.endMs;
  return { samples, growth_per_s: round(den === 0 ? 0 : num / den), drain_ms: round(Math.max(0, last - window.endMs)) };
}

/**
 * A rate is sustained when every request was accepted, every item arrived downstream, the p99
 * stays under a second and the backlog grows by less than 2 % of the rate per second.
 */
export function isSustained(rate: number, requestsFailed: number, report: DownstreamReport): boolean {
  return requestsFailed === 0 && report.lost === 0 && report.latency.p99_ms < 1000 && report.backlog.growth_per_s < 0.02 * rate;
}
