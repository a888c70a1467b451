import { z } from 'zod';

/** When the CRM says the change happened, in Unix seconds (fractional, so sub-millisecond order is kept); null when it does not say. */
const changedAt = z.number().nullable();

/**
 * What a CRM webhook means for us, whatever the CRM: an agent's public reply to send to WhatsApp,
 * a status or assignee change (takeover / resume), or something to ignore with the reason.
 */
export const crmInboundEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('agent_message'),
    conversationId: z.string(),
    messageId: z.string(),
    content: z.string(),
    agentName: z.string().nullable(),
    /** The agent's attachments, to send as WhatsApp media. */
    attachments: z.array(z.object({ fileType: z.string(), url: z.string(), name: z.string().nullable() })).default([]),
    at: changedAt,
  }),
  z.object({
    kind: z.literal('status_changed'),
    conversationId: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    at: changedAt,
  }),
  z.object({
    kind: z.literal('assignee_changed'),
    conversationId: z.string(),
    assigneeId: z.string().nullable(),
    at: changedAt,
  }),
  z.object({ kind: z.literal('ignored'), reason: z.string(), messageId: z.string().optional() }),
]);
export type CrmInboundEvent = z.infer<typeof crmInboundEventSchema>;
