import { z } from 'zod';
import { flowSummarySchema } from './flow-views.schema';

export const importFlowInput = z.object({
  workspaceId: z.uuid().optional(),
  /** A flow document of any supported version, as exported (or written by hand). */
  document: z.unknown(),
  /** Overrides the document's own name. */
  name: z.string().trim().min(1).max(200).optional(),
});
export const importFlowOutput = flowSummarySchema;
