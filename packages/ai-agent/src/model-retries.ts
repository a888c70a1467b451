import OpenAI from 'openai';
import { ModelCallError, type ModelFailureKind } from './model-call-error';

/** Clock and sleep, injected so tests need not wait for real backoffs. */
export interface ChatModelTiming {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** First backoff; doubles per retry (with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Longest single backoff. Default 8 s. */
  maxDelayMs?: number;
}

// Below this much remaining budget a new attempt is not worth starting.
const MIN_ATTEMPT_MS = 250;

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

interface Classified {
  kind: ModelFailureKind;
  retry: boolean;
  status?: number;
  waitMs?: number;
  message: string;
}

function classify(error: unknown): Classified {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', retry: true, message: 'the model did not answer in time' };
  if (error instanceof OpenAI.APIConnectionError) {
    // An injected SSRF-guarded fetch refused the URL: asking again cannot help.
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    if (cause?.code === 'UNSAFE_URL') return { kind: 'refused', retry: false, message: `the provider URL is not allowed: ${String(cause.message)}` };
    return { kind: 'network', retry: true, message: `cannot reach the model: ${error.message}` };
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    const waitMs = retryAfterMs(error.headers as Headers | undefined);
    const message = `the model answered ${status ?? 'an error'}: ${error.message}`.slice(0, 300);
    if (status === 429) return { kind: 'rate_limited', retry: true, status, message, ...(waitMs === undefined ? {} : { waitMs }) };
    if (status === undefined || status >= 500 || status === 408 || status === 409) {
      return { kind: 'server_error', retry: true, ...(status === undefined ? {} : { status }), message, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    return { kind: 'refused', retry: false, status, message };
  }
  return { kind: 'network', retry: false, message: error instanceof Error ? error.message : String(error) };
}

/** Runs `call` with the remaining time as its timeout, retrying transient failures until the deadline. */
export type ModelRetries = <T>(deadlineMs: number, call: (timeoutMs: number, attempt: number) => Promise<T>) => Promise<T>;

/**
 * The retry policy every provider call shares (chat, transcription,
 * embeddings): 429/5xx/408/409, timeouts and connection errors retried with
 * exponential backoff (honouring retry-after) while the deadline allows.
 */
export function createModelRetries(timing: ChatModelTiming, requestTimeout: number): ModelRetries {
  const now = timing.now ?? Date.now;
  const sleep = timing.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const baseDelay = timing.baseDelayMs ?? 500;
  const maxDelay = timing.maxDelayMs ?? 8_000;
  async function withRetries<T>(deadlineMs: number, call: (timeoutMs: number, attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadlineMs - now();
      if (remaining < MIN_ATTEMPT_MS) throw new ModelCallError('time_budget', 'the time budget for the model ran out', undefined, attempt - 1);
      try {
        return await call(Math.min(requestTimeout, remaining), attempt);
      } catch (error) {
        if (error instanceof ModelCallError) throw error;
        const failure = classify(error);
        if (!failure.retry) throw new ModelCallError(failure.kind, failure.message, failure.status, attempt);
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
        const wait = Math.max(failure.waitMs ?? 0, backoff);
        if (now() + wait + MIN_ATTEMPT_MS > deadlineMs) {
          throw new ModelCallError(failure.kind, `${failure.message} (gave up after ${attempt} attempts: the time budget ran out)`, failure.status, attempt);
        }
        await sleep(wait);
      }
    }
  }
  return withRetries;
}
