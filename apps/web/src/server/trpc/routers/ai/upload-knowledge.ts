import { uploadKnowledgeDocument } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { uploadKnowledgeInput, uploadKnowledgeOutput } from './knowledge.schema';

/** Adds (or replaces, by name) a text, Markdown or PDF document of a bot (editors and up). */
export const uploadKnowledge = roleProcedure('editor')
  .input(uploadKnowledgeInput)
  .output(uploadKnowledgeOutput)
  .mutation(({ ctx, input }) =>
    uploadKnowledgeDocument(ctx.prisma, {
      workspaceId: ctx.workspace.id,
      botId: input.botId,
      title: input.name,
      language: input.language,
      contentType: input.contentType,
      bytes: Buffer.from(input.dataBase64, 'base64'),
    }),
  );
