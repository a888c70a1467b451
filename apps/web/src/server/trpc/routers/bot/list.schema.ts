import { z } from 'zod';
import { workspaceInput } from '../../init';

export const listBotsInput = workspaceInput;

export const botSummarySchema = z.object({ id: z.string(), name: z.string(), mode: z.string(), enabled: z.boolean() });
export const listBotsOutput = z.array(botSummarySchema);
export type BotSummary = z.infer<typeof botSummarySchema>;
