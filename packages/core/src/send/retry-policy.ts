import { z } from 'zod';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** Configuration of the send retries (design §3.5). Every duration is multiplied by `timeScale`. */
export const retryPolicyInputSchema = z.object({
  /** Delay after the 1st, 2nd, … transient failure. 8 delays: a message gets up to 9 attempts before reconciliation. */
  scheduleMs: z.array(z.number().int().positive()).min(1).default([2, 4, 8, 16, 32, 60, 300, 1800].map((s) => s * second)),
  /** Each delay is drawn from [base·(1−jitter), base], so retries of many messages spread out and never exceed the table. */
  jitter: z.number().min(0).max(1).default(0.2),
  /** After the table: one more attempt every this long… */
  reconcileEveryMs: z.number().int().positive().default(6 * hour),
  /** …until the message is this old; then it is `expired`. */
  giveUpAfterMs: z.number().int().positive().default(7 * 24 * hour),
  /** How long a send with an unknown outcome waits for Meta's status webhook before it is resent (flagged possible duplicate). */
  ambiguousWaitMs: z.number().int().positive().default(10 * minute),
  /** Shrinks every duration above (tests: 0.001 turns 30 min into 1.8 s). */
  timeScale: z.number().positive().max(1).default(1),
});
export type RetryPolicyInput = z.input<typeof retryPolicyInputSchema>;

/** The resolved policy, durations already scaled. */
export interface RetryPolicy {
  scheduleMs: number[];
  jitter: number;
  reconcileEveryMs: number;
  giveUpAfterMs: number;
  ambiguousWaitMs: number;
}

/** Validates a policy input and applies its time scale. */
export function createRetryPolicy(input: RetryPolicyInput = {}): RetryPolicy {
  const p = retryPolicyInputSchema.parse(input);
  const scale = (ms: number) => Math.max(1, Math.round(ms * p.timeScale));
  return {
    scheduleMs: p.scheduleMs.map(scale),
    jitter: p.jitter,
    reconcileEveryMs: scale(p.reconcileEveryMs),
    giveUpAfterMs: scale(p.giveUpAfterMs),
    ambiguousWaitMs: scale(p.ambiguousWaitMs),
  };
}

export type RetryPlan = { kind: 'retry'; at: Date; phase: 'table' | 'reconcile' } | { kind: 'expire' };

/**
 * What to do after the `failures`-th transient failure (1-based): the next attempt from the table,
 * then one every `reconcileEveryMs`, never later than `createdAt + giveUpAfterMs`; past that, expire.
 */
export function planRetry(
  policy: RetryPolicy,
  input: { failures: number; createdAt: Date; now: Date; random?: () => number },
): RetryPlan {
  const deadline = input.createdAt.getTime() + policy.giveUpAfterMs;
  const now = input.now.getTime();
  if (now >= deadline) return { kind: 'expire' };
  const inTable = input.failures >= 1 && input.failures <= policy.scheduleMs.length;
  const base = inTable ? policy.scheduleMs[input.failures - 1]! : policy.reconcileEveryMs;
  const random = input.random ?? Math.random;
  const delay = Math.round(base * (1 - policy.jitter * random()));
  return { kind: 'retry', at: new Date(Math.min(now + delay, deadline)), phase: inTable ? 'table' : 'reconcile' };
}

/** True when a message created at `createdAt` is past the point where the pipeline gives up on it. */
export function isPastGiveUp(policy: RetryPolicy, createdAt: Date, now: Date): boolean {
  return now.getTime() >= createdAt.getTime() + policy.giveUpAfterMs;
}
