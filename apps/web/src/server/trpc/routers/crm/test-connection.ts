import { testCrmConnection } from '@switchboard/core';
import { crmDeps } from '../../../crm/crm-deps';
import { roleProcedure } from '../../init';
import { testChatwootConnectionInput, testChatwootConnectionOutput } from './test-connection.schema';

/** Tries the stored settings against Chatwoot: token, account, and an API-channel inbox. */
export const testChatwootConnection = roleProcedure('admin')
  .input(testChatwootConnectionInput)
  .output(testChatwootConnectionOutput)
  .mutation(({ ctx }) => testCrmConnection(crmDeps(ctx.prisma), ctx.workspace.id));
