import { agentReplyInputSchema, agentReplyResultSchema } from '@switchboard/core';
import { z } from 'zod';

// The composer validates with agentReplyInputSchema too (imported from @switchboard/core/agent-reply-schemas).
export const replyToConversationInput = agentReplyInputSchema.extend({ workspaceId: z.uuid().optional() });
export const replyToConversationOutput = agentReplyResultSchema;
