import { chatwootIntegrationViewSchema } from '@switchboard/core';
import { workspaceInput } from '../../init';

export const chatwootSettingsInput = workspaceInput;
export const chatwootSettingsOutput = chatwootIntegrationViewSchema.nullable();
