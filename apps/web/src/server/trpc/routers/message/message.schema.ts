import { listMessagesQuerySchema, messagePageSchema, messageWithEventsViewSchema } from '@switchboard/core';
import { z } from 'zod';

export const listMessagesInput = z.object({ workspaceId: z.uuid().optional(), query: listMessagesQuerySchema.default({}) });
export const listMessagesOutput = messagePageSchema;
export const getMessageInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const getMessageOutput = messageWithEventsViewSchema;
