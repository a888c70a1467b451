import { replyAsAgent } from '@switchboard/core';
import { newTraceId } from '@switchboard/observability';
import { sendMessageDeps } from '../../../outbound/send-message-deps';
import { roleProcedure } from '../../init';
import { replyToConversationInput, replyToConversationOutput } from './reply.schema';

/** Reply as an agent (text in the 24 h window, a template any time); takes a bot-owned conversation over. Agents and above. */
export const replyToConversation = roleProcedure('agent')
  .input(replyToConversationInput)
  .output(replyToConversationOutput)
  .mutation(({ ctx, input }) => {
    const { workspaceId: _selected, ...reply } = input;
    return replyAsAgent(sendMessageDeps(ctx.prisma), { workspaceId: ctx.workspace.id, userId: ctx.session.userId, reply, traceId: newTraceId() });
  });
