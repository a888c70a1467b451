export interface CoalescerOptions {
  /** Most calls in one batch. */
  maxBatch?: number;
  /** Batches in flight at once; calls that arrive meanwhile wait and go in the next one. */
  maxInFlight?: number;
}

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns calls that arrive together (the same turn of the event loop, or while earlier batches are in
 * flight) into one batch: `runMany` gets their inputs and answers each, in order. A call alone goes
 * out at once, through `runOne`. Two calls with the same key never share a batch nor run at the same
 * time (they run in call order). If a batch fails, each of its calls is retried alone, so one bad input
 * cannot fail the others. Used where one statement for many rows costs little more than for one
 * (docs/performance.md: a round trip and a commit are most of a hot statement's cost).
 */
export function createCoalescer<I, O>(
  keyOf: (input: I) => string,
  runMany: (inputs: I[]) => Promise<O[]>,
  runOne: (input: I) => Promise<O>,
  options: CoalescerOptions = {},
): (input: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 50;
  const maxInFlight = options.maxInFlight ?? 2;
  let pending: Pending<I, O>[] = [];
  let inFlight = 0;
  const busy = new Set<string>();
  let scheduled = false;

  const alone = (p: Pending<I, O>) => runOne(p.input).then(p.resolve, p.reject);

  async function run(batch: Pending<I, O>[]): Promise<void> {
    if (batch.length === 1) return alone(batch[0]!);
    let outputs: O[];
    try {
      outputs = await runMany(batch.map((p) => p.input));
    } catch {
      await Promise.all(batch.map(alone));
      return;
    }
    batch.forEach((p, i) => p.resolve(outputs[i]!));
  }

  function flush(): void {
    scheduled = false;
    while (inFlight < maxInFlight && pending.length > 0) {
      const batch: Pending<I, O>[] = [];
      const rest: Pending<I, O>[] = [];
      const keys = new Set<string>();
      for (const p of pending) {
        const key = keyOf(p.input);
        if (batch.length < maxBatch && !keys.has(key) && !busy.has(key)) {
          keys.add(key);
          batch.push(p);
        } else rest.push(p);
      }
      if (batch.length === 0) return;
      pending = rest;
      inFlight += 1;
      for (const key of keys) busy.add(key);
      void run(batch).finally(() => {
        inFlight -= 1;
        for (const key of keys) busy.delete(key);
        if (pending.length > 0) flush();
      });
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
