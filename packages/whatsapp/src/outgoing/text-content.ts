import { z } from 'zod';
import { boundedText } from './text-limits';

/** `text` object of a text message: body of 1–4096 characters, optional link preview. */
export const textContentSchema = z.strictObject({
  body: boundedText(1, 4096),
  preview_url: z.boolean().optional(),
});

export type TextContent = z.infer<typeof textContentSchema>;
