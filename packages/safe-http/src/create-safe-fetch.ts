import { Agent, request } from 'undici';
import { createGuardedConnector } from './guarded-connector';
import { systemLookup, type HostLookup } from './host-lookup';
import { checkUrlWithoutDns, type SafeUrlOptions } from './parse-safe-url';
import {
  HttpNetworkError,
  HttpTimeoutError,
  ResponseTooLargeError,
  SafeHttpError,
  UnsafeUrlError,
} from './safe-http-error';
import { createTestAllowList } from './test-allow-list';

/** Configuration of one safe HTTP client; the limits are ceilings that a request may only lower. */
export interface SafeFetchOptions extends SafeUrlOptions {
  /** Total time for connect, headers and body. */
  timeoutMs: number;
  /** Largest response body read; beyond it the request fails (or truncates, per request). */
  maxResponseBytes: number;
  /** Resolver for hostnames (tests inject one); defaults to the system resolver. */
  lookup?: HostLookup;
  /** Sent as `user-agent` unless the request sets its own. */
  userAgent?: string;
  /** Time allowed for TCP + TLS setup; defaults to `timeoutMs` capped at 10 s. */
  connectTimeoutMs?: number;
}

/** Methods a safe request may use; CONNECT and TRACE are refused. */
export const SAFE_HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** One of `SAFE_HTTP_METHODS`. */
export type SafeHttpMethod = (typeof SAFE_HTTP_METHODS)[number];

/** One request. */
export interface SafeRequestInit {
  method?: SafeHttpMethod;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Aborting rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Lower than the client's `timeoutMs` to take effect. */
  timeoutMs?: number;
  /** Lower than the client's `maxResponseBytes` to take effect. */
  maxResponseBytes?: number;
  /** `error` (default) throws `ResponseTooLargeError`; `truncate` returns the first bytes with `truncated: true`. */
  onOversize?: 'error' | 'truncate';
}

/** A complete response; redirects are never followed, so 3xx arrive here with their `location` header. */
export interface SafeResponse {
  status: number;
  /** Lowercase names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** True only with `onOversize: 'truncate'` when the body was cut at the limit. */
  truncated: boolean;
  url: string;
}

/** A fetch-like function bound to one connection pool; `close()` releases the pool. */
export interface SafeFetch {
  (url: string | URL, init?: SafeRequestInit): Promise<SafeResponse>;
  close(): Promise<void>;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function findUnsafe(err: unknown): UnsafeUrlError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof UnsafeUrlError) return current;
    current = current.cause;
  }
  return undefined;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Creates an SSRF-safe HTTP client: only public destinations (checked on the
 * URL and again on the address actually dialled), no redirects followed, no
 * proxy env honoured, a total timeout and a streamed body size cap.
 */
export function createSafeFetch(options: SafeFetchOptions): SafeFetch {
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs);
  const maxResponseBytes = positiveInteger('maxResponseBytes', options.maxResponseBytes);
  const connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs ?? Math.min(timeoutMs, 10_000));
  const allowList = createTestAllowList(options.allowPrivateForTests);
  const userAgent = options.userAgent ?? 'Switchboard (safe-http)';
  // An Agent of our own: undici's global dispatcher (which someone may have set
  // to a proxy agent) and HTTP(S)_PROXY variables are never consulted.
  const agent = new Agent({
    connect: createGuardedConnector({ lookup: options.lookup ?? systemLookup, allowList, connectTimeoutMs }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  const safeFetch = async (input: string | URL, init: SafeRequestInit = {}): Promise<SafeResponse> => {
    const url = checkUrlWithoutDns(input, options, allowList);
    const method = init.method ?? 'GET';
    if (!SAFE_HTTP_METHODS.includes(method)) throw new TypeError(`HTTP method ${String(method)} is not allowed`);
    const limitMs = Math.min(timeoutMs, positiveInteger('timeoutMs', init.timeoutMs ?? timeoutMs));
    const limitBytes = Math.min(maxResponseBytes, positiveInteger('maxResponseBytes', init.maxResponseBytes ?? maxResponseBytes));
    const truncate = init.onOversize === 'truncate';
    const callerSignal = init.signal;
    callerSignal?.throwIfAborted();

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new HttpTimeoutError(limitMs));
    }, limitMs);
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

    try {
      const headers: Record<string, string> = { 'user-agent': userAgent };
      for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
      const response = await request(url, {
        dispatcher: agent,
        method,
        headers,
        body: init.body ?? null,
        signal: controller.signal,
        headersTimeout: limitMs,
        bodyTimeout: limitMs,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const declared = Number(responseHeaders['content-length']);
      if (!truncate && Number.isFinite(declared) && declared > limitBytes) {
        response.body.destroy();
        throw new ResponseTooLargeError(limitBytes, response.statusCode, responseHeaders);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        if (size + buffer.length > limitBytes) {
          response.body.destroy();
          if (!truncate) throw new ResponseTooLargeError(limitBytes, response.statusCode, responseHeaders);
          chunks.push(buffer.subarray(0, limitBytes - size));
          size = limitBytes;
          truncated = true;
          break;
        }
        chunks.push(buffer);
        size += buffer.length;
      }
      return { status: response.statusCode, headers: responseHeaders, body: Buffer.concat(chunks, size), truncated, url: url.href };
    } catch (err) {
      const unsafe = findUnsafe(err);
      if (unsafe) throw unsafe;
      if (err instanceof SafeHttpError) throw err;
      if (timedOut) throw new HttpTimeoutError(limitMs, { cause: err });
      if (callerSignal?.aborted) throw callerSignal.reason;
      const code = errorCode(err);
      if (code !== undefined && TIMEOUT_CODES.has(code)) throw new HttpTimeoutError(limitMs, { cause: err });
      if (code === 'UND_ERR_INVALID_ARG') throw new TypeError((err as Error).message, { cause: err });
      const message = err instanceof Error ? err.message : String(err);
      throw new HttpNetworkError(`request to ${url.host} failed: ${message}`, code, { cause: err });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  };

  return Object.assign(safeFetch, { close: () => agent.close() });
}
