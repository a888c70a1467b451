import { apiKeyViewSchema, createApiKeyInputSchema, createdApiKeySchema, rotateApiKeyInputSchema } from '@switchboard/core';
import { z } from 'zod';
import { workspaceInput } from '../../init';

export const listApiKeysInput = workspaceInput;
export const listApiKeysOutput = z.array(apiKeyViewSchema);
export const createApiKeyInput = z.object({ workspaceId: z.uuid().optional(), key: createApiKeyInputSchema });
export const rotateApiKeyInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid(), rotation: rotateApiKeyInputSchema.default({ overlap_hours: 24 }) });
export const revokeApiKeyInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const createdApiKeyOutput = createdApiKeySchema;
export const apiKeyOutput = apiKeyViewSchema;
