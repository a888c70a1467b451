import { z } from 'zod';

const crmConfigSchema = z.object({
  /** Sync jobs in flight at once in this process. */
  CRM_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(8),
  /** Tries per sync job before it becomes a dead letter (the reconciler retries it later). */
  CRM_SYNC_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; doubles each time (2 s … about 4 min with the defaults). */
  CRM_SYNC_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  /** How often the customer-event outbox is read for CRM work. */
  CRM_FEED_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Outbox rows younger than this wait for the next pass (a transaction may commit after its row's time). */
  CRM_FEED_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** How often every enabled integration is reconciled. */
  CRM_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(86_400_000).default(300_000),
  /** Messages younger than this are left to the live feed by the reconciler. */
  CRM_RECONCILE_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Inbound WhatsApp media larger than this are described as text in the CRM instead of uploaded. */
  CRM_MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Fetching one media from the Cloud API (URL and download). */
  CRM_MEDIA_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(30_000),
  /** Per Chatwoot call. */
  CRM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type CrmConfig = z.infer<typeof crmConfigSchema>;

/** Reads the CRM sync processor's settings from the environment (validated once, at start). */
export function loadCrmConfig(env: NodeJS.ProcessEnv = process.env): CrmConfig {
  const result = crmConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid CRM sync configuration:\n${problems}`);
  }
  return result.data;
}
