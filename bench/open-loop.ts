// Open-loop load: requests leave at a fixed arrival rate whatever the server
// does, and each latency is measured from the request's SCHEDULED time, so
// a stall shows up in the tail instead of silently lowering the rate
// (coordinated omission). Keep-alive undici pool; figures, never asserts.
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface OpenLoopRequest {
  path: string;
  method?: 'GET' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions {
  /** Origin, e.g. http://127.0.0.1:3001 */
  origin: string;
  /** Arrivals per second. */
  rate: number;
  seconds: number;
  /** Builds request `i` (0-based). */
  request: (i: number) => OpenLoopRequest;
  /** Sees every answer (e.g. to keep a message id with its scheduled time). */
  onResponse?: (i: number, scheduledAtMs: number, status: number, body: string) => void;
  /** Keep-alive connections (default: rate / 25, at least 16, at most 256). */
  connections?: number;
  /** A request still unanswered this long after its scheduled time is an error (default 10 s). */
  timeoutMs?: number;
}

export interface LatencySummary {
  count: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface OpenLoopResult {
  target_rate: number;
  /** Requests actually sent per second over the schedule (shows a load generator falling behind). */
  sent_rate: number;
  /** Answers per second, from the first scheduled time to the last answer. */
  achieved_rate: number;
  sent: number;
  ok: number;
  non_2xx: number;
  errors: number;
  /** Latest the generator issued a request behind its schedule, ms (the generator's own lag). */
  max_send_lag_ms: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
}

/** Epoch milliseconds with sub-millisecond precision (comparable with other processes' Date.now()). */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** Drives `origin` at a fixed rate for `seconds` and waits for every answer (or its timeout). */
export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, seconds } = options;
  const total = Math.max(1, Math.round(rate * seconds));
  const connections = options.connections ?? Math.min(256, Math.max(16, Math.ceil(rate / 25)));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pool = new Pool(options.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const latencies = new Float64Array(total);
  const statuses: Record<string, number> = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let answered = 0;
  let lastAnswerMs = 0;
  let maxLag = 0;
  const intervalMs = 1000 / rate;
  const start = epochMs() + 20;
  const pending: Promise<void>[] = [];

  const fire = (i: number, scheduledAtMs: number) => {
    const lag = epochMs() - scheduledAtMs;
    if (lag > maxLag) maxLag = lag;
    const r = options.request(i);
    const count = (status: string) => (statuses[status] = (statuses[status] ?? 0) + 1);
    const task = pool
      .request({
        path: r.path,
        method: r.method ?? 'POST',
        headers: r.headers ?? {},
        ...(r.body === undefined ? {} : { body: r.body }),
        signal: AbortSignal.timeout(Math.max(1, Math.round(scheduledAtMs + timeoutMs - epochMs()))),
      })
      .then(async (res) => {
        const text = await res.body.text();
        const now = epochMs();
        latencies[answered] = now - scheduledAtMs;
        answered += 1;
        lastAnswerMs = now;
        count(String(res.statusCode));
        if (res.statusCode >= 200 && res.statusCode < 300) ok += 1;
        else non2xx += 1;
        options.onResponse?.(i, scheduledAtMs, res.statusCode, text);
      })
      .catch((error: unknown) => {
        errors += 1;
        count((error as Error).name || 'error');
      });
    pending.push(task);
  };

  // Batches: every tick issues all requests whose scheduled time has come, each with its own time.
  await new Promise<void>((done) => {
    const tick = () => {
      const now = epochMs();
      while (sent < total && start + sent * intervalMs <= now) {
        fire(sent, start + sent * intervalMs);
        sent += 1;
      }
      if (sent >= total) return done();
      const next = start + sent * intervalMs - epochMs();
      setTimeout(tick, Math.max(0, Math.min(next, 5) - 0.5));
    };
    setTimeout(tick, Math.max(0, start - epochMs()));
  });
  await Promise.all(pending);
  await pool.close();

  const scheduleSeconds = (total - 1) * intervalMs / 1000 || 1 / rate;
  const answeredSeconds = Math.max(scheduleSeconds, (lastAnswerMs - start) / 1000);
  return {
    target_rate: rate,
    sent_rate: round(sent / Math.max(scheduleSeconds, 1 / rate)),
    achieved_rate: round(answered / answeredSeconds),
    sent,
    ok,
    non_2xx: non2xx,
    errors,
    max_send_lag_ms: round(maxLag),
    latency: summarize(Array.from(latencies.subarray(0, answered))),
    statuses,
  };
}

/** p50/p95/p99/max of a list of milliseconds. */
export function summarize(values: number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!));
  return { count: sorted.length, p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: at(1) };
}

/** Two decimals. */
export const round = (x: number): number => Math.round(x * 100) / 100;

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
