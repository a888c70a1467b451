import { z } from 'zod';
import { workspaceNameField } from '../../../auth/account-fields';

export const renameWorkspaceInput = z.object({ workspaceId: z.uuid().optional(), name: workspaceNameField });
export const renameWorkspaceOutput = z.object({ id: z.string(), name: z.string(), slug: z.string() });
