import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const storage = new AsyncLocalStorage<{ traceId: string }>();

/** A new W3C-compatible trace id: 32 lowercase hex characters. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** Runs `fn` with `traceId` attached to every log line written inside it. */
export function withTraceId<T>(traceId: string, fn: () => T): T {
  return storage.run({ traceId }, fn);
}

/** The trace id of the current async context, if any. */
export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}
