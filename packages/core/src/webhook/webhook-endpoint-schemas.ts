import { webhookEventTypeSchema } from '@switchboard/webhooks';
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

/** `{ id }` path parameter of the endpoint and event routes. */
export const webhookIdParamsSchema = z.object({ id: z.uuid({ error: 'must be an id returned by this API' }) });

/** `POST /api/v1/webhook-endpoints` body. */
export const createWebhookEndpointInputSchema = z.strictObject({
  url: z.string().min(1).max(2048).describe('https URL that receives the events (http only in development)'),
  description: z.string().max(500).optional(),
  event_types: z.array(webhookEventTypeSchema).max(8).default([]).describe('Event types to receive; empty means every type'),
  enabled: z.boolean().default(true),
});
export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointInputSchema>;

/** `PATCH /api/v1/webhook-endpoints/{id}` body: any field; enabling clears the disabled state. */
export const updateWebhookEndpointInputSchema = z
  .strictObject({
    url: z.string().min(1).max(2048).optional(),
    description: z.string().max(500).nullable().optional(),
    event_types: z.array(webhookEventTypeSchema).max(8).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one field' });
export type UpdateWebhookEndpointInput = z.infer<typeof updateWebhookEndpointInputSchema>;

/** An endpoint as the API shows it; the secret is never shown again after create/rotate. */
export const webhookEndpointViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  event_types: z.array(webhookEventTypeSchema),
  enabled: z.boolean(),
  disabled_at: isoTime.nullable(),
  disabled_reason: z.enum(['gone', 'failing', 'by_user']).nullable().describe('gone: the endpoint answered 410; failing: every attempt failed for 5 days; by_user'),
  failing_since: isoTime.nullable().describe('Start of the current run of failed attempts'),
  previous_secret_expires_at: isoTime.nullable().describe('During a rotation: until when deliveries also carry the old secret\'s signature'),
  created_at: isoTime,
  updated_at: isoTime,
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointViewSchema>;

/** Create and rotate answers: the endpoint plus its new secret, shown this once. */
export const webhookEndpointWithSecretSchema = webhookEndpointViewSchema.extend({
  secret: z.string().describe('whsec_ + base64; store it now, it is not shown again'),
});
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointViewSchema) });

/** `POST /api/v1/webhook-endpoints/{id}/replay` body. */
export const replayEndpointInputSchema = z.strictObject({
  since: isoTime.describe('Replay events created at or after this time'),
  until: isoTime.optional().describe('…and before this time (default: now)'),
});
export type ReplayEndpointInput = z.infer<typeof replayEndpointInputSchema>;

export const replayResultSchema = z.object({
  replayed: z.number().int().describe('Deliveries scheduled again'),
  endpoint_ids: z.array(z.string()),
});
export type ReplayResult = z.infer<typeof replayResultSchema>;

const limit = z.coerce.number().int().catch(50).transform((n) => Math.min(Math.max(n, 1), 100));

/** `GET /api/v1/events` query. */
export const listWebhookEventsQuerySchema = z.object({
  type: webhookEventTypeSchema.optional(),
  message_id: z.uuid().optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  cursor: z.string().optional(),
  limit: limit.optional(),
});
export type ListWebhookEventsQuery = z.infer<typeof listWebhookEventsQuerySchema>;

export const webhookEventViewSchema = z.object({
  id: z.string(),
  type: webhookEventTypeSchema,
  created_at: isoTime,
  expires_at: isoTime,
  message_id: z.string().nullable(),
  payload: z.unknown().describe('The body sent to endpoints: { id, type, created_at, data }'),
  deliveries: z.array(z.object({ endpoint_id: z.string(), status: z.enum(['pending', 'delivering', 'succeeded', 'failed']), attempts: z.number().int(), last_attempt_at: isoTime.nullable() })),
});
export const webhookEventPageSchema = z.object({ data: z.array(webhookEventViewSchema), next_cursor: z.string().nullable() });

/** `GET /api/v1/webhook-endpoints/{id}/deliveries` query. */
export const listWebhookDeliveriesQuerySchema = z.object({
  status: z.enum(['pending', 'delivering', 'succeeded', 'failed']).optional(),
  cursor: z.string().optional(),
  limit: limit.optional(),
});
export type ListWebhookDeliveriesQuery = z.infer<typeof listWebhookDeliveriesQuerySchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: z.enum(['pending', 'delivering', 'succeeded', 'failed']),
  attempts: z.number().int(),
  next_attempt_at: isoTime.nullable(),
  last_attempt_at: isoTime.nullable(),
  last_error: z.string().nullable(),
  give_up_at: isoTime.nullable(),
  created_at: isoTime,
  attempt_log: z.array(z.object({
    attempted_at: isoTime,
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    response_excerpt: z.string().nullable(),
    error: z.string().nullable(),
  })),
});
export const webhookDeliveryPageSchema = z.object({ data: z.array(webhookDeliveryViewSchema), next_cursor: z.string().nullable() });
