import { z } from 'zod';

/** Body that marks an inbound message (and earlier ones) read, optionally showing a typing indicator for ≤25 s. */
export const markReadRequestSchema = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().min(1, { error: 'must not be empty' }),
  typing_indicator: z.strictObject({ type: z.literal('text') }).optional(),
});

export type MarkReadRequest = z.infer<typeof markReadRequestSchema>;
