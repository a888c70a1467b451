import { conversationOwnerChangeSchema, conversationOwnerResultSchema } from '@switchboard/core';
import { z } from 'zod';

export const setConversationOwnerInput = z.object({
  workspaceId: z.uuid().optional(),
  id: z.uuid(),
  owner: z.enum(['bot', 'human']),
  change: conversationOwnerChangeSchema.default({}),
});
export const setConversationOwnerOutput = conversationOwnerResultSchema;
