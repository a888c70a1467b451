import { z } from 'zod';

const digits = z.string().regex(/^[0-9]{1,20}$/, { error: 'must be digits only' });

export const statusDelaysSchema = z.strictObject({
  sent: z.number().int().min(0).max(600_000).default(50),
  delivered: z.number().int().min(0).max(600_000).default(100),
  /** Delay of the automatic `read`; `null` = only when the user reads on the phone page. */
  read: z.number().int().min(0).max(86_400_000).nullable().default(200),
});

export const pairRateSchema = z.strictObject({
  /** Messages a recipient may receive at once before the pair limit bites (Meta tolerates ~45 in 6 s). */
  burst: z.number().int().min(1).max(100_000).default(45),
  /** One more message is allowed per interval (Meta: ~1 per 6 s). */
  interval_ms: z.number().int().min(1).max(3_600_000).default(6_000),
});

export const templateCategorySchema = z.enum(['marketing', 'utility', 'authentication']);

/** Body of `PUT /_sandbox/numbers/{phone_number_id}`. */
export const numberInputSchema = z.strictObject({
  display_phone_number: digits,
  waba_id: digits,
  access_token: z.string().min(1),
  app_secret: z.string().min(1),
  webhook_url: z.url({ protocol: /^https?$/ }).nullable().optional(),
  verify_token: z.string().min(1).optional(),
  throughput_mps: z.number().int().min(1).max(100_000).default(80),
  status_delays_ms: statusDelaysSchema.partial().optional(),
  /** `null` switches the pair rate limit off (benchmarks); defaults to Meta's numbers. */
  pair_rate: pairRateSchema.partial().nullable().optional(),
  /** `false` lets free-form messages through outside the 24 h window (benchmarks); Meta always enforces it. */
  enforce_service_window: z.boolean().default(true),
  /** Category reported in `pricing` for templates by name; unnamed templates count as marketing. */
  template_categories: z.record(z.string(), templateCategorySchema).default({}),
});

export type NumberInput = z.infer<typeof numberInputSchema>;
export type TemplateCategory = z.infer<typeof templateCategorySchema>;

/** A registered business phone number as the sandbox keeps it. */
export interface SandboxNumber {
  phone_number_id: string;
  display_phone_number: string;
  waba_id: string;
  access_token: string;
  app_secret: string;
  webhook_url: string | null;
  verify_token: string | null;
  throughput_mps: number;
  status_delays_ms: z.infer<typeof statusDelaysSchema>;
  pair_rate: z.infer<typeof pairRateSchema> | null;
  enforce_service_window: boolean;
  template_categories: Record<string, TemplateCategory>;
}

/** Merges an upsert body over defaults into the stored shape. */
export function toSandboxNumber(phoneNumberId: string, input: NumberInput): SandboxNumber {
  return {
    phone_number_id: phoneNumberId,
    display_phone_number: input.display_phone_number,
    waba_id: input.waba_id,
    access_token: input.access_token,
    app_secret: input.app_secret,
    webhook_url: input.webhook_url ?? null,
    verify_token: input.verify_token ?? null,
    throughput_mps: input.throughput_mps,
    status_delays_ms: statusDelaysSchema.parse(input.status_delays_ms ?? {}),
    pair_rate: input.pair_rate === null ? null : pairRateSchema.parse(input.pair_rate ?? {}),
    enforce_service_window: input.enforce_service_window,
    template_categories: input.template_categories,
  };
}

/** A number as the control API shows it: secrets are not echoed back. */
export function publicNumber(n: SandboxNumber): Record<string, unknown> {
  const { access_token: _token, app_secret: _secret, verify_token: _verify, ...rest } = n;
  return { ...rest, has_webhook: n.webhook_url !== null };
}
