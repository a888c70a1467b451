import { deleteKnowledgeDocument } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { deleteKnowledgeInput, deleteKnowledgeOutput } from './knowledge.schema';

/** Deletes a bot's document and its chunks (editors and up). */
export const deleteKnowledge = roleProcedure('editor')
  .input(deleteKnowledgeInput)
  .output(deleteKnowledgeOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteKnowledgeDocument(ctx.prisma, { workspaceId: ctx.workspace.id, botId: input.botId, documentId: input.documentId });
    return { deleted: true as const };
  });
