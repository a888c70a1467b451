import { z } from 'zod';

/** Counts characters the way a person (and Meta's limits) do: one per code point, so an emoji is one, not two. */
export function charLength(value: string): number {
  let count = 0;
  for (const _char of value) count += 1;
  return count;
}

/** A string of `min`–`max` characters (code points); `nonBlank` also rejects whitespace-only strings. */
export function boundedText(min: number, max: number, options: { nonBlank?: boolean } = {}) {
  let schema = z
    .string()
    .refine((s) => charLength(s) >= min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .refine((s) => charLength(s) <= max, { error: `must be at most ${max} characters` });
  if (options.nonBlank) schema = schema.refine((s) => s.length === 0 || s.trim().length > 0, { error: 'must not be blank' });
  return schema;
}

/** An http(s) URL, as Meta fetches media links and preview URLs itself. */
export const httpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
