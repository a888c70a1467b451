import { z } from 'zod';
import { flowSummarySchema } from './flow-views.schema';

export const createFlowInput = z.object({
  workspaceId: z.uuid().optional(),
  name: z.string().trim().min(1, 'Give the flow a name.').max(200),
  botId: z.uuid().optional(),
});
export const createFlowOutput = flowSummarySchema;
