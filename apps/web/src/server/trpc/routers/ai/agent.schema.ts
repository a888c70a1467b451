import { agentSettingsSchema } from '@switchboard/ai-agent';
import { z } from 'zod';

export const getAgentSettingsInput = z.object({ workspaceId: z.uuid().optional(), botId: z.uuid() });
export const getAgentSettingsOutput = z.object({
  mode: z.enum(['flow', 'agent']),
  settings: agentSettingsSchema.nullable(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});

/** The editor sends the whole agent object; the use-case validates it with the agent's own schema. */
export const saveAgentSettingsInput = z.object({ workspaceId: z.uuid().optional(), botId: z.uuid(), settings: z.record(z.string(), z.unknown()) });
export const saveAgentSettingsOutput = agentSettingsSchema;
