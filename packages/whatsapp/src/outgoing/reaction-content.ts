import { z } from 'zod';
import { charLength } from './text-limits';

/** `reaction` object: the wamid reacted to and one emoji; `emoji: ""` removes an earlier reaction. */
export const reactionContentSchema = z.strictObject({
  message_id: z.string().min(1, { error: 'must not be empty' }),
  // A single emoji can be several code points (skin tone, ZWJ sequences), so only cap it loosely.
  emoji: z.string().refine((s) => charLength(s) <= 10, { error: 'must be a single emoji or empty' }),
});

export type ReactionContent = z.infer<typeof reactionContentSchema>;
