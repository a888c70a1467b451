import { getChatwootIntegration } from '@switchboard/core';
import { crmDeps, publicApiUrl } from '../../../crm/crm-deps';
import { workspaceProcedure } from '../../init';
import { chatwootSettingsInput, chatwootSettingsOutput } from './settings.schema';

/** The workspace's Chatwoot settings (no secrets) and the webhook URL to paste into Chatwoot; null when not set up. */
export const chatwootSettings = workspaceProcedure
  .input(chatwootSettingsInput)
  .output(chatwootSettingsOutput)
  .query(({ ctx }) => getChatwootIntegration(crmDeps(ctx.prisma), ctx.workspace.id, publicApiUrl()));
