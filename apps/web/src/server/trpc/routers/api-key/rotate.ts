import { rotateApiKey as rotate } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { createdApiKeyOutput, rotateApiKeyInput } from './api-key.schema';

/** Replaces a key with a new secret (admins); the old one works for the overlap. */
export const rotateApiKey = roleProcedure('admin')
  .input(rotateApiKeyInput)
  .output(createdApiKeyOutput)
  .mutation(({ ctx, input }) => rotate(ctx.prisma, { workspaceId: ctx.workspace.id, userId: ctx.session.userId }, input.id, input.rotation));
