import { z } from 'zod';
import { draftRevisionSchema, flowDraftSchema } from './flow-views.schema';

export const restoreFlowVersionInput = z.object({
  workspaceId: z.uuid().optional(),
  flowId: z.uuid(),
  versionId: z.uuid(),
  baseRevision: draftRevisionSchema,
});
export const restoreFlowVersionOutput = flowDraftSchema;
