import { z } from 'zod';

/** Non-secret Chatwoot settings, stored in `integrations.config`. */
export const chatwootConfigSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  accountId: z.number().int().positive(),
  /** The API-channel inbox conversations are mirrored into; null until chosen or created. */
  inboxId: z.number().int().positive().nullable(),
  /** Give a taken-over conversation back to the bot after this many minutes without agent activity; 0 = never. */
  autoResumeMinutes: z.number().int().min(0).max(43_200),
});
export type ChatwootConfig = z.infer<typeof chatwootConfigSchema>;

/** Secrets, stored as one secret-box token in `integrations.secrets_enc`. */
export const chatwootSecretsSchema = z.object({
  accessToken: z.string().min(1),
  /** Chatwoot's webhook secret; when set every webhook must carry a valid X-Chatwoot-Signature. */
  webhookSecret: z.string().min(1).nullable(),
});
export type ChatwootSecrets = z.infer<typeof chatwootSecretsSchema>;

/** Body of the set-up call (snake_case like the REST API); secrets are write-only. */
export const configureChatwootInputSchema = z
  .strictObject({
    base_url: z.url({ protocol: /^https?$/, error: 'must be the http(s) URL of your Chatwoot' }).transform((u) => u.replace(/\/+$/, '')),
    account_id: z.number().int().positive(),
    /** Required the first time; omitted later to keep the stored one. */
    access_token: z.string().min(1).max(512).optional(),
    /** An existing API-channel inbox… */
    inbox_id: z.number().int().positive().optional(),
    /** …or ask us to create one (its webhook URL is set to ours). */
    create_inbox: z.strictObject({ name: z.string().min(1).max(100) }).optional(),
    /** null removes it; omitted keeps the stored one. */
    webhook_secret: z.string().min(8).max(256).nullable().optional(),
    auto_resume_minutes: z.number().int().min(0).max(43_200).default(0),
    enabled: z.boolean().default(true),
  })
  .refine((v) => !(v.inbox_id !== undefined && v.create_inbox !== undefined), { path: ['create_inbox'], error: 'give inbox_id or create_inbox, not both' });
export type ConfigureChatwootInput = z.input<typeof configureChatwootInputSchema>;

/** What the set-up calls return: no secret, only whether one is stored. */
export const chatwootIntegrationViewSchema = z.object({
  id: z.uuid(),
  base_url: z.string(),
  account_id: z.number().int(),
  inbox_id: z.number().int().nullable(),
  auto_resume_minutes: z.number().int(),
  enabled: z.boolean(),
  has_webhook_secret: z.boolean(),
  /** The URL to paste into Chatwoot (Settings → Integrations → Webhooks, or the API inbox's webhook URL). */
  webhook_url: z.string(),
});
export type ChatwootIntegrationView = z.infer<typeof chatwootIntegrationViewSchema>;

/** The answer of the test-connection button. */
export const crmConnectionTestSchema = z.object({
  ok: z.boolean(),
  problem: z.string().nullable(),
  inbox: z.object({ id: z.string(), name: z.string(), is_api_channel: z.boolean() }).nullable(),
});

/** One row of the dead-letter view. */
export const crmDeadLetterViewSchema = z.object({
  id: z.uuid(),
  task: z.string(),
  local_id: z.uuid(),
  error: z.string(),
  status: z.number().int().nullable(),
  retryable: z.boolean(),
  attempts: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
});
