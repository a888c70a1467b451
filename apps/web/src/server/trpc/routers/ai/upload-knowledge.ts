import { loadKnowledgeEmbedder, uploadKnowledgeDocument } from '@switchboard/core';
import { aiSecretBox, createAiProviderFetch } from '../../../ai/ai-deps';
import { roleProcedure } from '../../init';
import { uploadKnowledgeInput, uploadKnowledgeOutput } from './knowledge.schema';

/** Adds (or replaces, by name) a text, Markdown or PDF document of a bot (editors and up), embedding its chunks when the provider names an embeddings model. */
export const uploadKnowledge = roleProcedure('editor')
  .input(uploadKnowledgeInput)
  .output(uploadKnowledgeOutput)
  .mutation(async ({ ctx, input }) => {
    const providerFetch = createAiProviderFetch();
    try {
      const embedder = await loadKnowledgeEmbedder(ctx.prisma, aiSecretBox(), ctx.workspace.id, providerFetch.fetch);
      return await uploadKnowledgeDocument(
        ctx.prisma,
        {
          workspaceId: ctx.workspace.id,
          botId: input.botId,
          title: input.name,
          language: input.language,
          contentType: input.contentType,
          bytes: Buffer.from(input.dataBase64, 'base64'),
        },
        { embedder },
      );
    } finally {
      await providerFetch.close();
    }
  });
