import { describe, expect, it } from 'vitest';
import { createWebhookRetryPolicy, parseRetryAfter, planWebhookRetry } from './webhook-retry-policy';

const HOUR = 3_600_000;
const t0 = new Date('2026-01-01T00:00:00Z');

/** Walks the schedule with a fixed random draw, every attempt failing, and returns attempt offsets from t0. */
function walk(random: number, timeScale = 1): number[] {
  const policy = createWebhookRetryPolicy({ timeScale });
  const giveUpAt = new Date(t0.getTime() + policy.giveUpAfterMs);
  const offsets = [0];
  let now = t0;
  for (let attempts = 1; attempts < 100; attempts++) {
    const plan = planWebhookRetry(policy, { attemptsMade: attempts, now, giveUpAt, random: () => random });
    if (plan.kind === 'give_up') return offsets;
    now = plan.at;
    offsets.push(now.getTime() - t0.getTime());
  }
  throw new Error('never gave up');
}

describe('webhook retry schedule', () => {
  it('without jitter: 0, 5 s, 5 min 5 s, 35 min 5 s, 2 h 35 min, 7 h 35 min, 17 h 35 min, then the 24 h deadline; then failed', () => {
    const s = 1000;
    expect(walk(0)).toEqual([0, 5 * s, 305 * s, 2105 * s, 9305 * s, 27305 * s, 63305 * s, 24 * HOUR]);
  });

  it('jitter only shortens waits (each within [0.8, 1] of its base) and never passes the deadline', () => {
    const full = walk(0);
    const jittered = walk(0.999);
    expect(jittered.length).toBeGreaterThanOrEqual(full.length);
    for (let i = 1; i < full.length - 1; i++) {
      const base = full[i]! - full[i - 1]!;
      const got = jittered[i]! - jittered[i - 1]!;
      expect(got).toBeLessThanOrEqual(base);
      expect(got).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
    }
    expect(jittered.at(-1)).toBe(24 * HOUR);
  });

  it('WEBHOOK_TIME_SCALE shrinks every duration, the 24 h window included', () => {
    expect(walk(0, 0.001)).toEqual([0, 5, 305, 2105, 9305, 27305, 63305, 86400]);
  });

  it('never retries before Retry-After, and gives up when Retry-After points past the window', () => {
    const policy = createWebhookRetryPolicy();
    const giveUpAt = new Date(t0.getTime() + policy.giveUpAfterMs);
    const plan = planWebhookRetry(policy, { attemptsMade: 1, now: t0, giveUpAt, retryAfterMs: 120_000, random: () => 0 });
    expect(plan).toEqual({ kind: 'retry', at: new Date(t0.getTime() + 120_000), delayMs: 120_000 });
    const shorter = planWebhookRetry(policy, { attemptsMade: 3, now: t0, giveUpAt, retryAfterMs: 1000, random: () => 0 });
    expect(shorter.kind === 'retry' && shorter.delayMs).toBe(30 * 60_000);
    const late = new Date(giveUpAt.getTime() - 60_000);
    expect(planWebhookRetry(policy, { attemptsMade: 7, now: late, giveUpAt, retryAfterMs: 120_000 })).toEqual({ kind: 'give_up', reason: 'retry_after_beyond_window' });
    expect(planWebhookRetry(policy, { attemptsMade: 2, now: giveUpAt, giveUpAt })).toEqual({ kind: 'give_up', reason: 'window_elapsed' });
  });

  it('rejects a schedule that is not a list of positive integers', () => {
    expect(() => createWebhookRetryPolicy({ scheduleMs: [] })).toThrow();
    expect(() => createWebhookRetryPolicy({ scheduleMs: [-1] })).toThrow();
    expect(() => createWebhookRetryPolicy({ timeScale: 0 })).toThrow();
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120', t0)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', t0)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', t0)).toBe(60_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', t0)).toBe(0);
    expect(parseRetryAfter('soon', t0)).toBeUndefined();
    expect(parseRetryAfter('-5', t0)).toBeUndefined();
    expect(parseRetryAfter(undefined, t0)).toBeUndefined();
  });
});
