import { z } from 'zod';

const csv = z
  .string()
  .transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean));

const botConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Conversations whose turns run at once in this process (turns of one conversation never overlap). */
  BOT_TURN_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  /** Connections of the bot's pg pool (turn transactions, reply promotions); turns beyond it wait for one. */
  BOT_PG_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Longest a turn's transaction may take, HTTP effects included. */
  BOT_TURN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  /** BullMQ lock of a running turn job; a killed worker's job is retried after it. */
  BOT_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often the sweep looks for inputs, timers and held replies the queue did not deliver. */
  BOT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(10).default(1_000),
  /** An unanswered input older than this is answered by the sweep (the queue normally takes milliseconds). */
  BOT_SWEEP_OLDER_THAN_MS: z.coerce.number().int().min(0).default(5_000),
  /** A flow timer overdue by this much is fired by the sweep (its delayed job normally fires on time). */
  BOT_TIMER_GRACE_MS: z.coerce.number().int().min(0).default(2_000),
  /** How often held replies are checked for their turn to go (only while some are held). */
  BOT_CHAIN_POLL_MS: z.coerce.number().int().min(1).default(10),
  /** Multiplies flow waits (tests use 0.001: one hour becomes 3.6 s). */
  BOT_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Let flow HTTP blocks call http:// URLs (development against local services). */
  BOT_HTTP_ALLOW_HTTP: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Tests only: exact host:port entries flow HTTP blocks may reach although private. Refused in production. */
  BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: csv.default([]),
  /** Timeout of the mark-read / typing call (best effort). */
  BOT_MARK_READ_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
});

export type BotConfig = z.infer<typeof botConfigSchema>;

/** Reads the bot runtime's settings from the environment (validated once, at start). */
export function loadBotConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const result = botConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid bot runtime configuration:\n${problems}`);
  }
  if (result.data.NODE_ENV === 'production' && result.data.BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS.length > 0) {
    throw new Error('Invalid bot runtime configuration:\n  BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: not allowed in production');
  }
  return result.data;
}
