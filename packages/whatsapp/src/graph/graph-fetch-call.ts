import type { DispatchCallInit, DispatchCallResult } from './graph-dispatch-call';
import { bodyTooLarge, joinChunks } from './join-chunks';

export interface FetchCallInit extends Omit<DispatchCallInit, 'body'> {
  body?: string | FormData | undefined;
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw bodyTooLarge(maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return joinChunks(chunks, total);
}

/**
 * Performs one call through a fetch: for multipart uploads (fetch writes the FormData boundary) and for a
 * fetch a caller injects. Failures go through `toError` like `dispatchCall`'s; an oversized body is a RangeError.
 */
export async function fetchCall(fetcher: typeof fetch, init: FetchCallInit): Promise<DispatchCallResult> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
  let response: Response;
  try {
    response = await fetcher(init.url, { method: init.method, headers: init.headers, body: init.body, signal });
  } catch (error) {
    throw init.toError(error, undefined);
  }
  let bytes: Uint8Array;
  try {
    bytes = init.maxBytes === undefined ? new Uint8Array(await response.arrayBuffer()) : await readLimited(response, init.maxBytes);
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw init.toError(error, response.status);
  }
  return { status: response.status, headers: response.headers, bytes };
}
