import { flowV1Schema } from '@switchboard/flow-engine';
import { z } from 'zod';

export const exportFlowInput = z.object({
  workspaceId: z.uuid().optional(),
  flowId: z.uuid(),
  /** A published version to export; the draft when absent. */
  versionId: z.uuid().optional(),
});
export const exportFlowOutput = z.object({ fileName: z.string(), document: flowV1Schema });
