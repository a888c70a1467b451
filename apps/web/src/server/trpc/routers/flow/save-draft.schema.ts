import { z } from 'zod';
import { draftRevisionSchema, lintFindingSchema } from './flow-views.schema';

export const saveFlowDraftInput = z.object({
  workspaceId: z.uuid().optional(),
  flowId: z.uuid(),
  /** The revision the editor loaded or last saved; a different current revision is a CONFLICT. */
  baseRevision: draftRevisionSchema,
  /** Any supported flow document version; parsed and upgraded by the engine. */
  document: z.unknown(),
});
export const saveFlowDraftOutput = z.object({ revision: draftRevisionSchema, findings: z.array(lintFindingSchema) });
