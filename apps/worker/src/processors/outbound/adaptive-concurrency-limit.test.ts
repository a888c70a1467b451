import { describe, expect, it } from 'vitest';
import { createAdaptiveConcurrencyLimit } from './adaptive-concurrency-limit';

/** Feeds whole windows: each step takes `latency(limit)` ms and the limit is fully used unless told otherwise. */
function drive(limit: ReturnType<typeof createAdaptiveConcurrencyLimit>, windows: number, latency: (inFlight: number) => number, used = true) {
  const seen: number[] = [];
  for (let w = 0; w < windows; w += 1) {
    const size = Math.max(10, limit.current);
    const inFlight = used ? limit.current : 1;
    for (let i = 0; i < size; i += 1) limit.observe(latency(inFlight), inFlight);
    seen.push(limit.current);
  }
  return seen;
}

describe('createAdaptiveConcurrencyLimit', () => {
  it('grows to the maximum while more in flight does not slow steps down (a remote Meta: 300 ms each)', () => {
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 256 });
    expect(limit.current).toBe(4);
    const seen = drive(limit, 12, () => 300);
    expect(seen.at(-1)).toBe(256);
    // Slow start: doubles while nothing queues.
    expect(seen.slice(0, 3)).toEqual([8, 16, 32]);
  });

  it('settles where steps start to queue on this process (CPU-bound: 2.5 ms of CPU per step, 6 ms unloaded)', () => {
    // Little's law on one core: a step takes max(unloaded time, in flight × CPU per step).
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 64 });
    const seen = drive(limit, 60, (inFlight) => Math.max(6, inFlight * 2.5));
    const settled = seen.slice(-20);
    expect(Math.max(...settled)).toBeLessThanOrEqual(8);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(4);
  });

  it('shrinks when steps slow down because too many are in flight', () => {
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 64 });
    drive(limit, 6, () => 5); // learns 5 ms and grows to the maximum
    expect(limit.current).toBe(64);
    const seen = drive(limit, 40, (inFlight) => Math.max(5, inFlight * 2.5));
    expect(seen.at(-1)).toBeLessThanOrEqual(8);
  });

  it('does not grow while the limit is not used (light load)', () => {
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 64 });
    drive(limit, 10, () => 5, false);
    expect(limit.current).toBe(4);
  });

  it('re-learns its baseline, so a Meta that got slower for good is not taken for queueing forever', () => {
    let t = 0;
    const limit = createAdaptiveConcurrencyLimit({ min: 4, max: 64, baselineTtlMs: 30_000, now: () => t });
    drive(limit, 6, () => 5);
    expect(limit.current).toBe(64);
    // Meta now answers in 200 ms whatever we do: first read as queueing…
    drive(limit, 3, () => 200);
    expect(limit.current).toBeLessThan(64);
    // …until the baseline expires and the limit climbs back.
    t = 31_000;
    drive(limit, 10, () => 200);
    expect(limit.current).toBe(64);
  });

  it('stays within min and max, and min never exceeds max', () => {
    const tight = createAdaptiveConcurrencyLimit({ min: 4, max: 2 });
    expect(tight.current).toBe(2);
    drive(tight, 5, () => 1);
    expect(tight.current).toBe(2);
    const limit = createAdaptiveConcurrencyLimit({ min: 3, max: 10, alpha: 1, beta: 2 });
    drive(limit, 5, () => 1);
    expect(limit.current).toBe(10);
    drive(limit, 30, () => 10_000);
    expect(limit.current).toBe(3);
  });
});
