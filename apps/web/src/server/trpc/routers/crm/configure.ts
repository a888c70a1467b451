import { configureChatwoot as configure } from '@switchboard/core';
import { crmDeps, publicApiUrl } from '../../../crm/crm-deps';
import { roleProcedure } from '../../init';
import { configureChatwootInput, configureChatwootOutput } from './configure.schema';

/** Sets up or changes Chatwoot (admins): token and secret stored encrypted, an inbox created when asked. */
export const configureChatwoot = roleProcedure('admin')
  .input(configureChatwootInput)
  .output(configureChatwootOutput)
  .mutation(({ ctx, input }) => configure(crmDeps(ctx.prisma), { workspaceId: ctx.workspace.id, input: input.settings, publicApiUrl: publicApiUrl() }));
