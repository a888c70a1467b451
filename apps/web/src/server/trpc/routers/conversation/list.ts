import { listConversations as list } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { listConversationsInput, listConversationsOutput } from './list.schema';

/** The inbox: the workspace's conversations, latest activity first, filtered by owner, channel or contact. */
export const listConversations = workspaceProcedure
  .input(listConversationsInput)
  .output(listConversationsOutput)
  .query(({ ctx, input }) => list(ctx.prisma, ctx.workspace.id, input.query));
