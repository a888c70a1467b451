import { z } from 'zod';

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
  }),
  z.object({
    kind: z.literal('status_changed'),
    conversationId: z.string(),
    from: z.string().nullable(),
    to: z.string(),
  }),
  z.object({
    kind: z.literal('assignee_changed'),
    conversationId: z.string(),
    assigneeId: z.string().nullable(),
  }),
  z.object({ kind: z.literal('ignored'), reason: z.string(), messageId: z.string().optional() }),
]);
export type CrmInboundEvent = z.infer<typeof crmInboundEventSchema>;
