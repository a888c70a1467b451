import { z } from 'zod';

export const selectWorkspaceInput = z.object({ workspaceId: z.uuid() });
export const selectWorkspaceOutput = z.object({ id: z.string(), slug: z.string() });
