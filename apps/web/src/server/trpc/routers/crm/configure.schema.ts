import { chatwootIntegrationViewSchema, configureChatwootInputSchema } from '@switchboard/core';
import { z } from 'zod';

export const configureChatwootInput = z.object({ workspaceId: z.uuid().optional(), settings: configureChatwootInputSchema });
export const configureChatwootOutput = chatwootIntegrationViewSchema;
