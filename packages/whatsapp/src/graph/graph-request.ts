import { z } from 'zod';
import { classifyGraphError } from './classify-graph-error';
import { GraphApiError, GraphTransportError } from './graph-api-error';
import { dispatchCall, type DispatchCallResult, type GraphHeaders } from './graph-dispatch-call';
import { fetchCall } from './graph-fetch-call';

export interface GraphTransport {
  /** A fetch to send every call through instead of the keep-alive dispatcher (tests, proxies). */
  fetch?: typeof fetch | undefined;
  accessToken: string;
  timeoutMs: number;
}

export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal | undefined;
  /** Refuse a response body larger than this (checked while streaming, so a huge body is never buffered). */
  maxBytes?: number;
}

const optionalNumber = z.number().optional().catch(undefined);
const optionalString = z.string().optional().catch(undefined);
const graphErrorBodySchema = z.object({
  error: z.looseObject({
    message: optionalString,
    type: optionalString,
    code: optionalNumber,
    error_subcode: optionalNumber,
    // Usually an object with `details`; some template APIs send a plain string.
    error_data: z
      .union([z.looseObject({ details: optionalString }), z.string()])
      .optional()
      .catch(undefined),
    fbtrace_id: optionalString,
  }),
});

// Failures while resolving or connecting: the request cannot have reached Meta, so a send did not happen.
const connectPhaseCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') codes.push(code);
  codes.push(...errorCodes(cause, depth + 1));
  if (Array.isArray(errors)) for (const e of errors) codes.push(...errorCodes(e, depth + 1));
  return codes;
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

/** Maps a failed call (rejected fetch or dispatch, or body read) to a transport error, deciding whether Meta may have seen the request. */
export function toTransportError(error: unknown, timeoutMs: number, httpStatus?: number): GraphTransportError {
  const name = errorName(error);
  const status = httpStatus === undefined ? {} : { httpStatus };
  // Once the request may be on the wire we cannot tell whether Meta acted on it.
  if (name === 'TimeoutError') {
    const message = `Graph request timed out after ${timeoutMs} ms`;
    return new GraphTransportError({ failure: 'timeout', ambiguous: true, message, cause: error, ...status });
  }
  if (name === 'AbortError') {
    return new GraphTransportError({ failure: 'aborted', ambiguous: true, message: 'Graph request was aborted', cause: error, ...status });
  }
  const codes = errorCodes(error);
  const beforeSend = httpStatus === undefined && codes.length > 0 && codes.every((c) => connectPhaseCodes.has(c));
  const detail = codes.length > 0 ? ` (${[...new Set(codes)].join(', ')})` : '';
  return new GraphTransportError({
    failure: 'network',
    ambiguous: !beforeSend,
    message: `Graph request failed${detail}`,
    cause: error,
    ...status,
  });
}

/** Milliseconds to wait from `Retry-After` (seconds or HTTP date) or `x-business-use-case-usage` (minutes). */
export function retryAfterFromHeaders(headers: GraphHeaders, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const usage = headers.get('x-business-use-case-usage');
  if (usage) {
    try {
      const parsed: unknown = JSON.parse(usage);
      let minutes = 0;
      for (const entries of Object.values(parsed as Record<string, unknown>)) {
        if (!Array.isArray(entries)) continue;
        for (const entry of entries) {
          const m = (entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access;
          if (typeof m === 'number' && m > minutes) minutes = m;
        }
      }
      if (minutes > 0) return minutes * 60_000;
    } catch {
      // A malformed usage header is not worth failing the error report over.
    }
  }
  return undefined;
}

/** Builds the typed error for a non-2xx Graph response from its status, headers and body text. */
export function toGraphApiError(httpStatus: number, headers: GraphHeaders, bodyText: string): GraphApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const parsed = graphErrorBodySchema.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code;
  const details = typeof error?.error_data === 'string' ? error.error_data : error?.error_data?.details;
  const retryAfterMs = retryAfterFromHeaders(headers);
  let classification = classifyGraphError({ code, httpStatus, subcode: error?.error_subcode });
  if (classification.kind === 'retry_later' && retryAfterMs !== undefined) {
    classification = { ...classification, delayMs: retryAfterMs };
  }
  const text = error?.message ?? (bodyText.slice(0, 200) || 'no body');
  return new GraphApiError({
    httpStatus,
    code,
    subcode: error?.error_subcode,
    type: error?.type,
    details,
    fbtraceId: error?.fbtrace_id ?? headers.get('x-fb-trace-id') ?? undefined,
    retryAfterMs,
    classification,
    // A gateway error without a Graph body (e.g. 502/504 from a proxy) may hide a processed request.
    ambiguous: httpStatus >= 500 && code === undefined,
    message: `Graph API HTTP ${httpStatus}${code === undefined ? '' : ` code ${code}`}: ${text}`,
  });
}

/**
 * Performs one authenticated Graph call with a timeout, returning the successful response's bytes and headers.
 * JSON calls go through the keep-alive dispatcher (no fetch or web-stream layer); multipart uploads, and every
 * call of a transport with its own `fetch`, go through fetch.
 */
export async function graphCall(transport: GraphTransport, request: GraphRequest): Promise<DispatchCallResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${transport.accessToken}` };
  let body: string | FormData | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form) {
    body = request.form; // fetch sets the multipart boundary itself
  }
  const init = {
    method: request.method,
    url: request.url,
    headers,
    signal: request.signal,
    timeoutMs: transport.timeoutMs,
    maxBytes: request.maxBytes,
    toError: (failure: unknown, httpStatus: number | undefined) => toTransportError(failure, transport.timeoutMs, httpStatus),
  };
  const result =
    transport.fetch === undefined && typeof body !== 'object'
      ? await dispatchCall({ ...init, body })
      : await fetchCall(transport.fetch ?? globalThis.fetch, { ...init, body });
  if (result.status < 200 || result.status > 299) {
    throw toGraphApiError(result.status, result.headers, new TextDecoder().decode(result.bytes));
  }
  return result;
}

/** Parses a successful JSON body with `schema`; an unexpected shape is an (ambiguous) transport failure. */
export function parseGraphJson<T>(result: { status: number; bytes: Uint8Array }, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(result.bytes));
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new GraphTransportError({
      failure: 'invalid_response',
      ambiguous: true,
      httpStatus: result.status,
      message: `unexpected ${what} response from Graph: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    });
  }
  return parsed.data;
}
