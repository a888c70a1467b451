import { templateContentSchema } from '@switchboard/whatsapp/template-content';
import { z } from 'zod';

// Imports only zod and the template schema, so the dashboard's composer validates with it in the browser.

/** Longest text reply (Meta's limit for a text body). */
export const AGENT_TEXT_MAX = 4096;

/** What an agent sends from the inbox: a text (needs the 24 h window open) or a template (always allowed). */
export const agentReplyContentSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    text: z.strictObject({
      body: z
        .string()
        .trim()
        .min(1, { error: 'Write a message first' })
        .max(AGENT_TEXT_MAX, { error: `must be at most ${AGENT_TEXT_MAX} characters` }),
    }),
  }),
  z.strictObject({ type: z.literal('template'), template: templateContentSchema }),
]);
export type AgentReplyContent = z.infer<typeof agentReplyContentSchema>;

/** A reply from the inbox; `client_id` is made once per composed message, so a double submit sends once. */
export const agentReplyInputSchema = z.strictObject({
  conversation_id: z.uuid(),
  client_id: z.uuid({ error: 'must be a UUID made by the composer' }),
  message: agentReplyContentSchema,
});
export type AgentReplyInput = z.infer<typeof agentReplyInputSchema>;

/** The accepted reply: queued in the send pipeline like any API send. */
export const agentReplyResultSchema = z.object({
  message_id: z.uuid(),
  status: z.literal('queued'),
  type: z.enum(['text', 'template']),
  /** True when this reply took the conversation over from the bot. */
  taken_over: z.boolean(),
  /** True when this client_id was already sent: nothing new was queued. */
  replayed: z.boolean(),
});
export type AgentReplyResult = z.infer<typeof agentReplyResultSchema>;

/** The idempotency key of an inbox reply: namespaced, so only the same composed message can replay it. */
export function agentReplyIdempotencyKey(clientId: string): string {
  return `inbox:${clientId.toLowerCase()}`;
}

/** An approved template of the conversation's channel, as the composer's picker shows it. */
export const replyTemplateSchema = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string(),
  header: z.string().nullable(),
  body: z.string(),
  footer: z.string().nullable(),
  buttons: z.array(z.string()),
  /** `positional` ({{1}}, {{2}}) or `named` ({{first_name}}): how parameters are sent. */
  parameter_format: z.enum(['positional', 'named']),
  /** The body's placeholders in sending order, with Meta's example value when the template has one. */
  parameters: z.array(z.object({ key: z.string(), example: z.string().nullable() })),
  /** Why the picker cannot send it (media header, header or button variables), or null. */
  unsupported: z.string().nullable(),
});
export type ReplyTemplate = z.infer<typeof replyTemplateSchema>;

/** The picker's list; `error` explains an empty list when Meta could not be asked. */
export const replyTemplateListSchema = z.object({ templates: z.array(replyTemplateSchema), error: z.string().nullable() });
export type ReplyTemplateList = z.infer<typeof replyTemplateListSchema>;

/** The `template` object that sends `template` with the body parameter `values` (by key). */
export function buildTemplateContent(template: Pick<ReplyTemplate, 'name' | 'language' | 'parameter_format' | 'parameters'>, values: Record<string, string>) {
  const parameters = template.parameters.map(({ key }) => ({
    type: 'text' as const,
    text: (values[key] ?? '').trim(),
    ...(template.parameter_format === 'named' ? { parameter_name: key } : {}),
  }));
  return {
    name: template.name,
    language: { code: template.language },
    ...(parameters.length > 0 ? { components: [{ type: 'body' as const, parameters }] } : {}),
  };
}

/** The body with the parameter values filled in (empty ones left as `{{key}}`), for the preview. */
export function previewTemplateBody(body: string, values: Record<string, string>): string {
  return body.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (placeholder, key: string) => values[key]?.trim() || placeholder);
}
