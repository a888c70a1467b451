import { SafeHttpError, UnsafeUrlError, type SafeFetch } from '@switchboard/safe-http';
import { parseRetryAfter } from './webhook-retry-policy';
import { signWebhook } from './sign-webhook';

/** Longest response excerpt kept per attempt, in characters. */
export const RESPONSE_EXCERPT_MAX_CHARS = 1024;

/** One delivery attempt to make. */
export interface WebhookAttemptRequest {
  url: string;
  /** The event id: the `webhook-id` header, the same on every retry and replay. */
  eventId: string;
  /** The exact JSON body; it is signed and sent byte for byte. */
  body: string;
  /** Current secret first, then secrets still in their rotation grace period. */
  secrets: readonly string[];
  /** Attempt time; the `webhook-timestamp` is its Unix seconds. */
  now: Date;
  timeoutMs: number;
}

/** What happened, as stored in a delivery attempt row. */
export interface WebhookAttemptOutcome {
  /** 2xx only: 3xx (redirects are never followed) and everything else is a failure. */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** The receiver's `Retry-After`, in ms. */
  retryAfterMs: number | undefined;
  /** 410 Gone: the receiver asks us to stop; the endpoint is disabled. */
  gone: boolean;
  /** The URL or the address it resolved to was refused by the SSRF guard; no connection was made. */
  refused: boolean;
}

function excerpt(body: Buffer): string | null {
  if (body.length === 0) return null;
  return body.toString('utf8').slice(0, RESPONSE_EXCERPT_MAX_CHARS);
}

/**
 * Signs and POSTs one event through an SSRF-safe fetch and classifies the answer. Never throws for
 * anything the network or the receiver does: every outcome becomes a row.
 */
export async function attemptWebhookDelivery(fetch: SafeFetch, request: WebhookAttemptRequest): Promise<WebhookAttemptOutcome> {
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Switchboard-Webhooks/1',
    ...signWebhook({ id: request.eventId, timestamp: Math.floor(request.now.getTime() / 1000), body: request.body, secrets: request.secrets }),
  };
  const started = performance.now();
  try {
    const res = await fetch(request.url, { method: 'POST', headers, body: request.body, timeoutMs: request.timeoutMs, onOversize: 'truncate' });
    const latencyMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    let error: string | null = null;
    if (!ok) error = res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `HTTP ${res.status}`;
    return {
      ok,
      statusCode: res.status,
      latencyMs,
      responseExcerpt: excerpt(res.body),
      error,
      retryAfterMs: ok ? undefined : parseRetryAfter(res.headers['retry-after'], request.now),
      gone: res.status === 410,
      refused: false,
    };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const refused = err instanceof UnsafeUrlError;
    let message: string;
    if (refused) message = `refused by SSRF guard (${err.reason}${err.addressKind ? `: ${err.addressKind}` : ''})`;
    else if (err instanceof SafeHttpError) message = err.message;
    else message = err instanceof Error ? err.message : String(err);
    return { ok: false, statusCode: null, latencyMs, responseExcerpt: null, error: message, retryAfterMs: undefined, gone: false, refused };
  }
}
