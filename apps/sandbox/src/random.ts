/** A source of uniform numbers in [0, 1); injected so fault decisions are reproducible in tests. */
export type Random = () => number;

/** Mulberry32: a tiny seedable PRNG, plenty for fault-injection coin flips. */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
