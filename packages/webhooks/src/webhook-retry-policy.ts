import { z } from 'zod';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Waits after the 1st, 2nd, … failed attempt (Standard Webhooks' example schedule, trimmed to our 24 h
 * window); after the last entry the last wait repeats, and the final attempt is pinned to the deadline.
 * With the defaults: attempts at 0, 5 s, 5 min 5 s, 35 min, 2 h 35 min, 7 h 35 min, 17 h 35 min and 24 h.
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR] as const;
/** A delivery that has not succeeded this long after it was created (or replayed) is failed. */
export const DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS = 24 * HOUR;
/** An endpoint whose attempts have all failed for this long is disabled. */
export const DEFAULT_WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** Retry configuration; every duration is multiplied by `timeScale` (tests shrink a day to seconds). */
export const webhookRetryPolicyInputSchema = z.object({
  scheduleMs: z.array(z.number().int().positive()).min(1).default([...DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS]),
  giveUpAfterMs: z.number().int().positive().default(DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS),
  disableAfterMs: z.number().int().positive().default(DEFAULT_WEBHOOK_DISABLE_AFTER_MS),
  timeScale: z.number().positive().max(1000).default(1),
  /** Each wait is drawn from [base × (1 − jitter), base], so jitter never lengthens the schedule. */
  jitter: z.number().min(0).max(0.5).default(0.2),
  /** Longest `Retry-After` we accept; longer values are treated as this. */
  maxRetryAfterMs: z.number().int().positive().default(DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS),
});
export type WebhookRetryPolicyInput = z.input<typeof webhookRetryPolicyInputSchema>;

/** A validated retry policy with its durations already scaled. */
export interface WebhookRetryPolicy {
  scheduleMs: readonly number[];
  giveUpAfterMs: number;
  disableAfterMs: number;
  jitter: number;
  maxRetryAfterMs: number;
  timeScale: number;
}

/** Validates a retry configuration and applies its time scale. */
export function createWebhookRetryPolicy(input: WebhookRetryPolicyInput = {}): WebhookRetryPolicy {
  const p = webhookRetryPolicyInputSchema.parse(input);
  const scale = (ms: number) => Math.max(1, Math.round(ms * p.timeScale));
  return {
    scheduleMs: p.scheduleMs.map(scale),
    giveUpAfterMs: scale(p.giveUpAfterMs),
    disableAfterMs: scale(p.disableAfterMs),
    jitter: p.jitter,
    maxRetryAfterMs: p.maxRetryAfterMs,
    timeScale: p.timeScale,
  };
}

/** What to do after a failed attempt. */
export type WebhookRetryPlan = { kind: 'retry'; at: Date; delayMs: number } | { kind: 'give_up'; reason: 'window_elapsed' | 'retry_after_beyond_window' };

/**
 * Plans the next attempt after `attemptsMade` attempts failed. Past `giveUpAt` nothing more is tried;
 * otherwise the scheduled wait (with jitter), never earlier than the receiver's `Retry-After` (which is
 * not time-scaled: it is the receiver's own instruction). A scheduled attempt beyond the deadline is
 * pinned to it; a `Retry-After` beyond it gives up, since honouring it would break the 24 h promise.
 */
export function planWebhookRetry(
  policy: WebhookRetryPolicy,
  input: { attemptsMade: number; now: Date; giveUpAt: Date; retryAfterMs?: number; random?: () => number },
): WebhookRetryPlan {
  const now = input.now.getTime();
  const deadline = input.giveUpAt.getTime();
  if (now >= deadline) return { kind: 'give_up', reason: 'window_elapsed' };
  const index = Math.min(Math.max(input.attemptsMade, 1), policy.scheduleMs.length) - 1;
  const base = policy.scheduleMs[index] ?? policy.scheduleMs[policy.scheduleMs.length - 1] ?? 1;
  const random = input.random ?? Math.random;
  let delay = Math.round(base * (1 - policy.jitter * random()));
  if (input.retryAfterMs !== undefined) {
    const retryAfter = Math.min(input.retryAfterMs, policy.maxRetryAfterMs);
    if (now + retryAfter > deadline) return { kind: 'give_up', reason: 'retry_after_beyond_window' };
    delay = Math.max(delay, retryAfter);
  }
  const at = Math.min(now + delay, deadline);
  return { kind: 'retry', at: new Date(at), delayMs: at - now };
}

/**
 * Reads `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable.
 * A date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now.getTime());
}
