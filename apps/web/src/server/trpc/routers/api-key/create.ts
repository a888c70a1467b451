import { createApiKey as create } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { createApiKeyInput, createdApiKeyOutput } from './api-key.schema';

/** Creates a key (admins); the answer is the only time its secret is shown. */
export const createApiKey = roleProcedure('admin')
  .input(createApiKeyInput)
  .output(createdApiKeyOutput)
  .mutation(({ ctx, input }) => create(ctx.prisma, { workspaceId: ctx.workspace.id, userId: ctx.session.userId }, input.key));
