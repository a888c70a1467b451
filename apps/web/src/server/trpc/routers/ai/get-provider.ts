import { getAiProviderView } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { getAiProviderInput, getAiProviderOutput } from './provider.schema';

/** The workspace's AI provider as the settings page shows it (the key is write-only). */
export const getAiProvider = roleProcedure('admin')
  .input(getAiProviderInput)
  .output(getAiProviderOutput)
  .query(({ ctx }) => getAiProviderView(ctx.prisma, ctx.workspace.id));
