/**
 * Per-number throughput: at most `mps` sends in any rolling second. A ring of the last `mps`
 * acceptance times answers in O(1): if the oldest of them is under a second old, the number is full.
 */
export class ThroughputLimiter {
  private readonly rings = new Map<string, { times: number[]; next: number; size: number }>();

  /** Takes a slot when one is free; false means Meta would answer 130429. */
  tryAcquire(phoneNumberId: string, mps: number, nowMs: number): boolean {
    let ring = this.rings.get(phoneNumberId);
    if (ring === undefined || ring.size !== mps) {
      ring = { times: new Array<number>(mps).fill(-Infinity), next: 0, size: mps };
      this.rings.set(phoneNumberId, ring);
    }
    const oldest = ring.times[ring.next]!;
    if (nowMs - oldest < 1000) return false;
    ring.times[ring.next] = nowMs;
    ring.next = (ring.next + 1) % mps;
    return true;
  }
}

/**
 * The (business, consumer) pair rate as a token bucket: `burst` tokens, one more every
 * `intervalMs`. With Meta's numbers (45, 6 s) a sustained 1 per 6 s always passes, a burst of
 * 45 passes and then borrows from the future, and the 46th inside 6 s is refused (131056).
 */
export class PairRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  tryAcquire(key: string, burst: number, intervalMs: number, nowMs: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: nowMs };
    const refilled = Math.min(burst, bucket.tokens + Math.max(0, nowMs - bucket.at) / intervalMs);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: nowMs });
      return false;
    }
    this.buckets.set(key, { tokens: refilled - 1, at: nowMs });
    return true;
  }
}
