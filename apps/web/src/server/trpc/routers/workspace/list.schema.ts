import { z } from 'zod';
import { roleSchema } from '../../../auth/roles';

export const listWorkspacesInput = z.void();

export const workspaceSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: roleSchema,
});
export const listWorkspacesOutput = z.array(workspaceSummarySchema);
export type WorkspaceSummary = z.infer<typeof workspaceSummarySchema>;
