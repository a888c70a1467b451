import { z } from 'zod';
import { roleSchema } from '../../../auth/role-schema';

export const memberViewSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  joinedAt: z.date(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

export const listMembersOutput = z.array(memberViewSchema);
export const setMemberRoleInput = z.object({ workspaceId: z.uuid().optional(), userId: z.uuid(), role: roleSchema });
export const removeMemberInput = z.object({ workspaceId: z.uuid().optional(), userId: z.uuid() });
export const removeMemberOutput = z.object({ removed: z.literal(true) });
