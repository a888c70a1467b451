import { replyTemplateListSchema } from '@switchboard/core';
import { z } from 'zod';

export const conversationTemplatesInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const conversationTemplatesOutput = replyTemplateListSchema;
