import { z } from 'zod';
import { workspaceInput } from '../../init';

export const listBotsInput = workspaceInput;

export const botSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.enum(['flow', 'agent']),
  enabled: z.boolean(),
  channel: z.object({ id: z.string(), displayPhoneNumber: z.string(), kind: z.string() }).nullable(),
  /** The flow a flow-mode bot runs, with its latest published version (null: nothing published yet). */
  flow: z.object({ id: z.string(), name: z.string(), publishedVersion: z.number().int().nullable() }).nullable(),
  /** `live`: enabled and able to answer; otherwise why not. */
  status: z.enum(['live', 'disabled', 'no_channel', 'no_flow', 'unpublished', 'no_agent_settings']),
});
export const listBotsOutput = z.array(botSummarySchema);
export type BotSummary = z.infer<typeof botSummarySchema>;
