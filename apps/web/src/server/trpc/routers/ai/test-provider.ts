import { AppError, loadAiProvider, testAiProvider as checkProvider } from '@switchboard/core';
import { aiSecretBox, createAiProviderFetch } from '../../../ai/ai-deps';
import { roleProcedure } from '../../init';
import { testAiProviderInput, testAiProviderOutput } from './provider.schema';

/** "Test connection": one tiny completion with the stored provider, or the form's unsaved values. */
export const testAiProvider = roleProcedure('admin')
  .input(testAiProviderInput)
  .output(testAiProviderOutput)
  .mutation(async ({ ctx, input }) => {
    const stored = await loadAiProvider(ctx.prisma, aiSecretBox(), ctx.workspace.id);
    const providerFetch = createAiProviderFetch();
    try {
      const baseUrl = input.provider?.baseUrl ?? stored?.baseUrl;
      const apiKey = input.provider?.apiKey ?? stored?.apiKey;
      const model = input.provider?.model ?? stored?.model;
      if (!baseUrl || !apiKey || !model) throw new AppError('bad_request', 'Enter a base URL, an API key and a model, or save a provider first.');
      return await checkProvider({ baseUrl, apiKey, model, ...(providerFetch.fetch ? { fetch: providerFetch.fetch } : {}) });
    } finally {
      await providerFetch.close();
    }
  });
