import { Agent, type Dispatcher } from 'undici';
import { bodyTooLarge, joinChunks } from './join-chunks';
import { onAbort } from './on-abort';

/** What a Graph response's headers are read through: a fetch `Headers` or the lean path's header record. */
export interface GraphHeaders {
  get(name: string): string | null;
}

export interface DispatchCallInit {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs: number;
  maxBytes?: number | undefined;
  /** Turns a failure (and the HTTP status, when the response had started) into the rejection; not used for oversized bodies. */
  toError: (failure: unknown, httpStatus: number | undefined) => unknown;
}

export interface DispatchCallResult {
  status: number;
  headers: GraphHeaders;
  bytes: Uint8Array;
}

/**
 * One keep-alive agent for every Graph client of the process: it holds a connection pool per origin
 * (graph.facebook.com, Meta's media host, a sandbox), so thousands of sends reuse a few TLS connections.
 */
const graphAgent = new Agent();

function headerReader(headers: Record<string, string | string[] | undefined>): GraphHeaders {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * Performs one HTTP call through undici's dispatcher without fetch or web streams: one timer per call,
 * the caller's signal joined through one listener per signal (`onAbort`), the body collected up to `maxBytes` (a RangeError beyond).
 * Other failures go through `toError` as what a rejected fetch would have carried: the timeout's
 * `TimeoutError`, the caller's abort reason, or the connect or socket error.
 */
export function dispatchCall(init: DispatchCallInit): Promise<DispatchCallResult> {
  const { signal } = init;
  // Already aborted: fetch rejects without sending, and so do we.
  if (signal?.aborted) return Promise.reject(init.toError(signal.reason, undefined));
  let target: URL;
  try {
    target = new URL(init.url);
  } catch (error) {
    return Promise.reject(init.toError(error, undefined)); // fetch, too, rejects an unparsable URL
  }
  const { origin, pathname, search } = target;

  return new Promise<DispatchCallResult>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let abortReason: Error | undefined;
    let settled = false;
    let status = 0;
    let headers: GraphHeaders | undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    let oversized: RangeError | undefined;

    const finish = () => {
      settled = true;
      clearTimeout(timer);
      stopWatching?.();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      finish();
      reject(error === oversized ? error : init.toError(error, status === 0 ? undefined : status));
    };
    // Settle now and stop the request; before undici hands us a controller it is stopped at the start.
    const stop = (reason: Error) => {
      fail(reason);
      abortReason = reason;
      controller?.abort(reason);
    };
    const refuseBody = (maxBytes: number) => {
      oversized = bodyTooLarge(maxBytes);
      stop(oversized);
    };
    const onTimeout = () => stop(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const timer = setTimeout(onTimeout, init.timeoutMs);
    const stopWatching = signal && onAbort(signal, () => stop(signal.reason as Error));

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctl) {
        controller = ctl;
        if (abortReason) ctl.abort(abortReason);
      },
      onResponseStart(_ctl, statusCode, responseHeaders) {
        status = statusCode;
        headers = headerReader(responseHeaders);
        if (init.maxBytes === undefined) return;
        const declared = Number(responseHeaders['content-length']);
        if (Number.isFinite(declared) && declared > init.maxBytes) refuseBody(init.maxBytes);
      },
      onResponseData(_ctl, chunk) {
        if (settled) return;
        total += chunk.byteLength;
        if (init.maxBytes !== undefined && total > init.maxBytes) {
          refuseBody(init.maxBytes);
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        if (settled) return;
        finish();
        resolve({ status, headers: headers ?? headerReader({}), bytes: joinChunks(chunks, total) });
      },
      onResponseError(_ctl, error) {
        fail(error);
      },
    };

    graphAgent.dispatch(
      { origin, path: `${pathname}${search}`, method: init.method, headers: init.headers, body: init.body ?? null },
      handler,
    );
  });
}
