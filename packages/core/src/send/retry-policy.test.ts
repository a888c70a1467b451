import { describe, expect, it } from 'vitest';
import { createRetryPolicy, isPastGiveUp, planRetry } from './retry-policy';

const created = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(created.getTime() + ms);

describe('retry policy', () => {
  it('follows 2s, 4s, 8s, 16s, 32s, 1m, 5m, 30m, with jitter only ever shortening a delay', () => {
    const policy = createRetryPolicy();
    const table = [2, 4, 8, 16, 32, 60, 300, 1800].map((s) => s * 1000);
    table.forEach((base, i) => {
      const longest = planRetry(policy, { failures: i + 1, createdAt: created, now: created, random: () => 0 });
      const shortest = planRetry(policy, { failures: i + 1, createdAt: created, now: created, random: () => 1 });
      expect(longest).toEqual({ kind: 'retry', at: at(base), phase: 'table' });
      expect(shortest).toEqual({ kind: 'retry', at: at(Math.round(base * 0.8)), phase: 'table' });
    });
  });

  it('reconciles every 6 h after the table, for 7 days, then expires', () => {
    const policy = createRetryPolicy({ jitter: 0 });
    const plan = planRetry(policy, { failures: 9, createdAt: created, now: at(3_600_000), random: () => 0 });
    expect(plan).toEqual({ kind: 'retry', at: at(3_600_000 + 6 * 3_600_000), phase: 'reconcile' });
    const sevenDays = 7 * 24 * 3_600_000;
    // The last attempt is pinned to the deadline rather than scheduled past it.
    expect(planRetry(policy, { failures: 30, createdAt: created, now: at(sevenDays - 1000) })).toEqual({
      kind: 'retry',
      at: at(sevenDays),
      phase: 'reconcile',
    });
    expect(planRetry(policy, { failures: 31, createdAt: created, now: at(sevenDays) })).toEqual({ kind: 'expire' });
    expect(isPastGiveUp(policy, created, at(sevenDays - 1))).toBe(false);
    expect(isPastGiveUp(policy, created, at(sevenDays))).toBe(true);
  });

  it('shrinks every duration with the time scale', () => {
    const policy = createRetryPolicy({ timeScale: 0.001 });
    expect(policy.scheduleMs).toEqual([2, 4, 8, 16, 32, 60, 300, 1800]);
    expect(policy.reconcileEveryMs).toBe(21_600);
    expect(policy.giveUpAfterMs).toBe(604_800);
    expect(policy.ambiguousWaitMs).toBe(600);
  });

  it('rejects a policy that makes no sense', () => {
    expect(() => createRetryPolicy({ scheduleMs: [] })).toThrow();
    expect(() => createRetryPolicy({ jitter: 2 })).toThrow();
    expect(() => createRetryPolicy({ timeScale: 0 })).toThrow();
  });
});
