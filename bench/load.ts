import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  requests_per_second: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  non_2xx: number;
  errors: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  connections?: number;
  seconds?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A new body for each request (e.g. to vary the recipient). */
  body?: () => string;
}

/** Drives `url` with autocannon from this process and returns medians and tails. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 10,
    method: options.method ?? 'GET',
    headers: options.headers,
    requests: options.body
      ? [{ setupRequest: (request: Request) => ({ ...request, body: options.body!() }) }]
      : undefined,
  });
  return {
    requests_per_second: Math.round(result.requests.average),
    latency_p50_ms: result.latency.p50,
    latency_p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}
