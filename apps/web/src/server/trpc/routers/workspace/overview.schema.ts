import { z } from 'zod';
import { roleSchema } from '../../../auth/roles';
import { workspaceInput } from '../../init';

export const workspaceOverviewInput = workspaceInput;

export const workspaceOverviewOutput = z.object({
  workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  role: roleSchema,
  channelCount: z.number().int().nonnegative(),
  botCount: z.number().int().nonnegative(),
});
export type WorkspaceOverview = z.infer<typeof workspaceOverviewOutput>;
