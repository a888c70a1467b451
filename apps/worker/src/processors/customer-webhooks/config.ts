import { DEFAULT_WEBHOOK_DISABLE_AFTER_MS, DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS, DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS } from '@switchboard/webhooks';
import { z } from 'zod';

const csv = z.string().transform((s) => s.split(',').map((part) => part.trim()).filter(Boolean));
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const webhookConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Deliveries in flight at once in this process. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  /** Per attempt: connect, headers and body; a slower endpoint is a failed attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Waits after the 1st, 2nd, … failed attempt (ms, comma-separated); the last repeats until the window ends. */
  WEBHOOK_RETRY_SCHEDULE_MS: csv.pipe(z.array(z.string().regex(/^\d+$/, 'must be whole milliseconds').transform(Number).pipe(z.number().int().positive())).min(1)).default([...DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS]),
  /** A delivery not delivered this long after it was created (or replayed) is failed. */
  WEBHOOK_GIVE_UP_AFTER_MS: z.coerce.number().int().positive().default(DEFAULT_WEBHOOK_GIVE_UP_AFTER_MS),
  /** An endpoint whose attempts all failed for this long is disabled. */
  WEBHOOK_DISABLE_AFTER_MS: z.coerce.number().int().positive().default(DEFAULT_WEBHOOK_DISABLE_AFTER_MS),
  /** Multiplies the schedule, the give-up window and the disable window (tests: 0.0001 makes 24 h about 9 s). */
  WEBHOOK_TIME_SCALE: z.coerce.number().positive().max(1).default(1),
  /** Longest wait between looks for due deliveries (a new event wakes this process at once). */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** How often committed customer events are turned into deliveries. */
  WEBHOOK_FAN_OUT_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  /** Let endpoints use http:// (default: only in development). */
  WEBHOOK_ALLOW_HTTP: flag.optional(),
  /** Tests only: exact host:port entries endpoints may reach although private. Refused in production. */
  WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: csv.default([]),
});

export type WebhookConfig = Omit<z.infer<typeof webhookConfigSchema>, 'WEBHOOK_ALLOW_HTTP'> & { WEBHOOK_ALLOW_HTTP: boolean };

/** Reads the customer-webhook processor's settings from the environment (validated once, at start). */
export function loadWebhookConfig(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  const result = webhookConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid customer webhook configuration:\n${problems}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_PRIVATE_FOR_TESTS.length > 0) {
    throw new Error('Invalid customer webhook configuration:\n  WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: not allowed in production');
  }
  return { ...config, WEBHOOK_ALLOW_HTTP: config.WEBHOOK_ALLOW_HTTP ?? config.NODE_ENV === 'development' };
}
