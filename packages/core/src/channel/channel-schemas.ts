import { z } from 'zod';

const metaId = (what: string) =>
  z.string().regex(/^[0-9]{1,32}$/, { error: `must be the ${what} Meta shows (digits only)` });

const secret = (max: number) =>
  z
    .string()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(/^\S+$/, { error: 'must not contain whitespace' });

const channelFields = {
  waba_id: metaId('WhatsApp Business Account id'),
  display_phone_number: z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{2,30}$/, { error: 'must be a phone number such as +1 555 000 1111' }),
  /** Write-only: a Graph API access token (system user token). */
  access_token: secret(4096),
  /** Write-only: the Meta app secret that signs webhooks (X-Hub-Signature-256). */
  app_secret: secret(256),
  /** Write-only: the token Meta echoes in the webhook subscription handshake. */
  verify_token: secret(256),
  /** Messages per second this number may send (Meta's throughput tier). */
  throughput_mps: z.number().int().min(1).max(1000),
};

/** Body of `POST /api/v1/channels`. */
export const createChannelInputSchema = z.strictObject({
  phone_number_id: metaId('phone number id'),
  ...channelFields,
  throughput_mps: channelFields.throughput_mps.default(80),
});
export type CreateChannelInput = z.infer<typeof createChannelInputSchema>;

/** Body of `PATCH /api/v1/channels/{id}`: any channel field except phone_number_id (the webhook routing key). */
export const updateChannelInputSchema = z
  .strictObject({
    waba_id: channelFields.waba_id.optional(),
    display_phone_number: channelFields.display_phone_number.optional(),
    access_token: channelFields.access_token.optional(),
    app_secret: channelFields.app_secret.optional(),
    verify_token: channelFields.verify_token.optional(),
    throughput_mps: channelFields.throughput_mps.optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), { error: 'give at least one field to change' });
export type UpdateChannelInput = z.infer<typeof updateChannelInputSchema>;

/** A channel as the API returns it. Secrets are write-only and never appear. */
export const channelViewSchema = z.object({
  id: z.uuid(),
  phone_number_id: z.string(),
  waba_id: z.string(),
  display_phone_number: z.string(),
  kind: z.enum(['cloud', 'sandbox']),
  status: z.enum(['active', 'disabled']),
  throughput_mps: z.number().int(),
  /** The callback URL to enter in Meta's app dashboard (with the verify_token). */
  webhook_url: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

/** Response of `GET /api/v1/channels`. */
export const channelListSchema = z.object({ data: z.array(channelViewSchema) });

/** Path parameters of `/api/v1/channels/{id}`. */
export const channelIdParamsSchema = z.strictObject({ id: z.uuid({ error: 'must be a channel id (UUID)' }) });
