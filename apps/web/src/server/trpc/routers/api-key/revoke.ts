import { revokeApiKey as revoke } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { apiKeyOutput, revokeApiKeyInput } from './api-key.schema';

/** Revokes a key now (admins). */
export const revokeApiKey = roleProcedure('admin')
  .input(revokeApiKeyInput)
  .output(apiKeyOutput)
  .mutation(({ ctx, input }) => revoke(ctx.prisma, { workspaceId: ctx.workspace.id, userId: ctx.session.userId }, input.id));
