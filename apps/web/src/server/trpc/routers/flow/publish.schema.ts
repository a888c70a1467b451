import { z } from 'zod';
import { draftRevisionSchema, flowVersionSchema } from './flow-views.schema';

export const publishFlowInput = z.object({
  workspaceId: z.uuid().optional(),
  flowId: z.uuid(),
  /** The draft revision the editor shows; publishing anything else is a CONFLICT. */
  revision: draftRevisionSchema,
  note: z.string().trim().max(500).optional(),
});
export const publishFlowOutput = flowVersionSchema;
