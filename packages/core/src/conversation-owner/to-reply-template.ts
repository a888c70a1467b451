import { templatePlaceholders, type MessageTemplate } from '@switchboard/whatsapp';
import type { ReplyTemplate } from './agent-reply-schemas';

/** A Graph template as the picker shows it: texts, body parameters with examples, and why it cannot be sent from the inbox. */
export function toReplyTemplate(template: MessageTemplate): ReplyTemplate {
  const component = (type: string) => template.components.find((c) => c.type.toUpperCase() === type);
  const header = component('HEADER');
  const body = component('BODY');
  const buttons = component('BUTTONS')?.buttons ?? [];
  const keys = templatePlaceholders(body?.text);
  const examples = bodyExamples(body?.example, keys);
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    header: header?.format === undefined || header.format.toUpperCase() === 'TEXT' ? (header?.text ?? null) : `[${header.format.toLowerCase()}]`,
    body: body?.text ?? '',
    footer: component('FOOTER')?.text ?? null,
    buttons: buttons.map((b) => b.text ?? b.type),
    // Named parameters are words ({{first_name}}), positional ones numbers ({{1}}).
    parameter_format: keys.some((k) => !/^\d+$/.test(k)) ? 'named' : 'positional',
    parameters: keys.map((key, i) => ({ key, example: examples[i] ?? null })),
    unsupported: unsupportedReason(template, header, buttons),
  };
}

/** Meta's example values: `body_text: [[...]]` (positional) or `body_text_named_params: [{param_name, example}]`. */
function bodyExamples(example: unknown, keys: string[]): (string | null)[] {
  const value = (example ?? {}) as { body_text?: unknown; body_text_named_params?: unknown };
  if (Array.isArray(value.body_text) && Array.isArray(value.body_text[0])) return (value.body_text[0] as unknown[]).map((v) => (typeof v === 'string' ? v : null));
  if (Array.isArray(value.body_text_named_params)) {
    const named = value.body_text_named_params as { param_name?: unknown; example?: unknown }[];
    return keys.map((key) => {
      const found = named.find((p) => p.param_name === key)?.example;
      return typeof found === 'string' ? found : null;
    });
  }
  return [];
}

function unsupportedReason(
  template: MessageTemplate,
  header: MessageTemplate['components'][number] | undefined,
  buttons: NonNullable<MessageTemplate['components'][number]['buttons']>,
): string | null {
  if (template.category.toUpperCase() === 'AUTHENTICATION') return 'Authentication templates are sent by your backend, not from the inbox.';
  if (header?.format !== undefined && header.format.toUpperCase() !== 'TEXT') return `Its ${header.format.toLowerCase()} header needs media: send it through the API.`;
  if (templatePlaceholders(header?.text).length > 0) return 'Its header has a variable: send it through the API.';
  if (buttons.some((b) => b.type.toUpperCase() !== 'QUICK_REPLY' && b.type.toUpperCase() !== 'PHONE_NUMBER' && !(b.type.toUpperCase() === 'URL' && !b.url?.includes('{{')))) {
    return 'Its buttons need values: send it through the API.';
  }
  return null;
}
