import { z } from 'zod';

const csvOfMs = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 2000,4000,8000')
  .transform((s) => s.split(',').map(Number));

const outboundConfigSchema = z.object({
  /** Most sends in flight per worker process; the actual limit adapts to the steps' latency between MIN and this. */
  OUTBOUND_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** Fewest sends in flight the adaptive limit goes down to (and starts at). */
  OUTBOUND_CONCURRENCY_MIN: z.coerce.number().int().min(1).max(1000).default(4),
  /** Postgres connections of the send step (its own pg pool; a step holds one only for each statement). */
  OUTBOUND_PG_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Graph call timeout; a send that times out is ambiguous. */
  OUTBOUND_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** A lease lasts the send timeout plus this; a killed worker's messages return after it. */
  OUTBOUND_LEASE_EXTRA_MS: z.coerce.number().int().min(100).default(30_000),
  /** Multiplies every retry duration (table, reconciliation, give-up, ambiguity wait); tests use 0.001. */
  RETRY_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Overrides the retry table (unscaled ms). */
  OUTBOUND_RETRY_SCHEDULE_MS: csvOfMs.optional(),
  /** Wait for Meta's status webhook after an ambiguous send before resending (unscaled ms). */
  OUTBOUND_AMBIGUOUS_WAIT_MS: z.coerce.number().int().positive().default(600_000),
  /** Share of a number's tier actually used. */
  OUTBOUND_PACING_FACTOR: z.coerce.number().min(0.1).max(1).default(0.85),
  /** Our pair-rate pacing per (number, recipient): a burst, then one per interval. Meta: about 45 and 6 s. */
  OUTBOUND_PAIR_BURST: z.coerce.number().int().min(1).default(40),
  OUTBOUND_PAIR_INTERVAL_MS: z.coerce.number().int().min(1).default(6_000),
  /** Pauses after 130429 / 131056 when Meta names no delay. */
  OUTBOUND_NUMBER_THROTTLE_MS: z.coerce.number().int().min(1).default(1_000),
  OUTBOUND_RECIPIENT_THROTTLE_MS: z.coerce.number().int().min(1).default(6_000),
  /** Redis key prefix of the outbound scheduler (tests isolate themselves with it). */
  OUTBOUND_REDIS_PREFIX: z.string().min(1).default('sb:{outbound}'),
  /** How often the outbox relay and the stuck-message sweep run. */
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  /** An outbox row younger than this is left to the API's own hand-off. */
  OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).default(2_000),
  OUTBOUND_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(15_000),
  /** A queued/sending message untouched this long is re-offered to the scheduler (a no-op if it is there). */
  OUTBOUND_SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
});

export type OutboundConfig = z.infer<typeof outboundConfigSchema>;

/** Reads the outbound pipeline's settings from the environment (validated once, at start). */
export function loadOutboundConfig(env: NodeJS.ProcessEnv = process.env): OutboundConfig {
  const result = outboundConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid outbound configuration:\n${problems}`);
  }
  return result.data;
}
