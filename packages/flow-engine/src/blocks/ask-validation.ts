import { z } from 'zod';
import type { JsonValue } from '../json-value';
import { charLength } from '../limits';
import type { MessageContent } from '../runtime/flow-event';

/** What an ask expects, with the options of each kind. */
export const askInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), minLength: z.number().int().nonnegative().optional(), maxLength: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('number'), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().default(false) }),
  z.object({ kind: z.literal('email') }),
  z.object({ kind: z.literal('phone') }),
  z.object({ kind: z.literal('date'), format: z.enum(['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY']).default('YYYY-MM-DD') }),
  z.object({ kind: z.literal('choice'), choices: z.array(z.string().min(1)) }),
]);
export type AskInput = z.infer<typeof askInputSchema>;

const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const datePatterns = {
  'YYYY-MM-DD': /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  'DD/MM/YYYY': /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/,
  'MM/DD/YYYY': /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/,
} as const;

function answerText(content: MessageContent): string | undefined {
  if (content.type === 'text') return content.body.trim();
  if (content.type === 'button_reply' || content.type === 'list_reply') return content.title.trim();
  return undefined;
}

function parseDate(text: string, format: keyof typeof datePatterns): string | undefined {
  const match = datePatterns[format].exec(text);
  if (!match) return undefined;
  const [a, b, c] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [year, month, day] = format === 'YYYY-MM-DD' ? [a, b, c] : format === 'DD/MM/YYYY' ? [c, b, a] : [c, a, b];
  // Round-trip through UTC so 2024-02-30 is refused rather than rolled over to March.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Checks an answer against the ask's input kind; returns the value to store, or undefined when invalid. */
export function validateAnswer(input: AskInput, content: MessageContent): JsonValue | undefined {
  const text = answerText(content);
  if (text === undefined || text === '') return undefined;
  switch (input.kind) {
    case 'text': {
      const length = charLength(text);
      if (input.minLength !== undefined && length < input.minLength) return undefined;
      if (input.maxLength !== undefined && length > input.maxLength) return undefined;
      return text;
    }
    case 'number': {
      if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(text.replace(/[\s_]/g, ''))) return undefined;
      const value = Number(text.replace(/[\s_]/g, '').replace(',', '.'));
      if (!Number.isFinite(value)) return undefined;
      if (input.integer && !Number.isInteger(value)) return undefined;
      if (input.min !== undefined && value < input.min) return undefined;
      if (input.max !== undefined && value > input.max) return undefined;
      return value;
    }
    case 'email':
      return text.length <= 254 && emailPattern.test(text) ? text : undefined;
    case 'phone': {
      const compact = text.replace(/[\s().-]/g, '');
      return /^\+?[0-9]{7,15}$/.test(compact) ? compact : undefined;
    }
    case 'date':
      return parseDate(text, input.format);
    case 'choice': {
      const said = text.toLowerCase();
      return input.choices.find((choice) => choice.trim().toLowerCase() === said);
    }
  }
}
