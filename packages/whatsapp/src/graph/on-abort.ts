type AbortCallback = () => void;

const waiting = new WeakMap<AbortSignal, Set<AbortCallback>>();

/**
 * Calls `callback` once when `signal` aborts; the returned function cancels that. Every call on the same
 * signal (e.g. the worker's one shutdown signal, shared by all its in-flight sends) shares one listener,
 * so many concurrent calls neither add a listener each nor trip the EventTarget max-listeners warning.
 */
export function onAbort(signal: AbortSignal, callback: AbortCallback): () => void {
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = new Set<AbortCallback>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const cb of set) cb();
        set.clear();
      },
      { once: true },
    );
  }
  const registered = callbacks;
  registered.add(callback);
  return () => registered.delete(callback);
}
