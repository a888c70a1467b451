import { z } from 'zod';

/** One component of a message template as Graph lists it (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`). */
export const messageTemplateComponentSchema = z.looseObject({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
  buttons: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), url: z.string().optional() })).optional(),
  example: z.unknown().optional(),
});
export type MessageTemplateComponent = z.infer<typeof messageTemplateComponentSchema>;

/** A message template of a WhatsApp Business Account (`GET /{WABA-ID}/message_templates`, default fields). */
export const messageTemplateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  /** `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…: only approved templates can be sent. */
  status: z.string(),
  category: z.string(),
  parameter_format: z.string().optional(),
  components: z.array(messageTemplateComponentSchema).default([]),
});
export type MessageTemplate = z.infer<typeof messageTemplateSchema>;

/** One page of templates; `paging.next` is present while more remain. */
export const messageTemplatePageSchema = z.looseObject({
  data: z.array(messageTemplateSchema),
  paging: z
    .looseObject({
      cursors: z.looseObject({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});

/** The placeholders of a template text in order of first use: `1`, `2`… or names such as `first_name`. */
export function templatePlaceholders(text: string | undefined): string[] {
  const seen: string[] = [];
  for (const match of (text ?? '').matchAll(/\{\{\s*([a-z0-9_]+)\s*\}\}/g)) {
    const key = match[1]!;
    if (!seen.includes(key)) seen.push(key);
  }
  // Positional parameters are sent in number order, whatever order the text uses them in.
  return seen.every((key) => /^\d+$/.test(key)) ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}
