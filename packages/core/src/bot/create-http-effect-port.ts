import type { HttpEffectPort } from './bot-runtime-deps';
import type { JsonValue } from '@switchboard/flow-engine';
import { SafeHttpError, type SafeFetch } from '@switchboard/safe-http';

/**
 * The flow `http` effect on the SSRF-guarded client: the effect's own timeout
 * and size cap, no redirects, JSON parsed when it parses (else the text).
 * Failures become `{ error }` so the flow takes its error edge; header values
 * are never logged (they may hold secrets).
 */
export function createHttpEffectPort(safeFetch: SafeFetch): HttpEffectPort {
  return async (request) => {
    try {
      const response = await safeFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        timeoutMs: request.timeoutMs,
        maxResponseBytes: request.maxResponseBytes,
        onOversize: 'error',
      });
      const text = response.body.toString('utf8');
      let body: JsonValue = text;
      if (text.length > 0) {
        try {
          body = JSON.parse(text) as JsonValue;
        } catch {
          body = text;
        }
      }
      return { status: response.status, body };
    } catch (error) {
      if (error instanceof SafeHttpError) return { error: `${error.code}: ${error.message}` };
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
}
