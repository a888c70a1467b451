import { listKnowledgeDocuments } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { listKnowledgeInput, listKnowledgeOutput } from './knowledge.schema';

/** A bot's knowledge documents with their chunk counts (any member). */
export const listKnowledge = workspaceProcedure
  .input(listKnowledgeInput)
  .output(listKnowledgeOutput)
  .query(({ ctx, input }) => listKnowledgeDocuments(ctx.prisma, { workspaceId: ctx.workspace.id, botId: input.botId }));
