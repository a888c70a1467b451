import { getAiProviderView, saveAiProvider as saveProvider } from '@switchboard/core';
import { aiSecretBox } from '../../../ai/ai-deps';
import { roleProcedure } from '../../init';
import { saveAiProviderInput, saveAiProviderOutput } from './provider.schema';

/** Stores the workspace's AI provider (admins); the key is encrypted at rest. */
export const saveAiProvider = roleProcedure('admin')
  .input(saveAiProviderInput)
  .output(saveAiProviderOutput)
  .mutation(async ({ ctx, input }) => {
    await saveProvider(ctx.prisma, aiSecretBox(), ctx.workspace.id, input.provider);
    return getAiProviderView(ctx.prisma, ctx.workspace.id);
  });
