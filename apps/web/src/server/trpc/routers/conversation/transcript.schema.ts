import { conversationViewSchema, messageViewSchema } from '@switchboard/core';
import { z } from 'zod';

export const conversationTranscriptInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const conversationTranscriptOutput = z.object({
  conversation: conversationViewSchema,
  /** Oldest first; at most the latest 100. */
  messages: z.array(messageViewSchema),
  has_older: z.boolean(),
});
