import { listApiKeys as list } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { listApiKeysInput, listApiKeysOutput } from './api-key.schema';

/** The workspace's API keys (admins): prefix, scopes, last use, expiry; never the secret. */
export const listApiKeys = roleProcedure('admin')
  .input(listApiKeysInput)
  .output(listApiKeysOutput)
  .query(({ ctx }) => list(ctx.prisma, ctx.workspace.id));
