import { conversationPageSchema, listConversationsQuerySchema } from '@switchboard/core';
import { z } from 'zod';

export const listConversationsInput = z.object({ workspaceId: z.uuid().optional(), query: listConversationsQuerySchema.default({}) });
export const listConversationsOutput = conversationPageSchema;
