import { roleProcedure, workspaceInput } from '../../init';
import { listInvitesOutput } from './invite.schema';
import { inviteViewSelect, toInviteView } from './to-invite-view';

/** The workspace's invites, newest first, with derived status (admins). */
export const listInvites = roleProcedure('admin')
  .input(workspaceInput)
  .output(listInvitesOutput)
  .query(async ({ ctx }) => {
    const rows = await ctx.prisma.invite.findMany({ where: { workspaceId: ctx.workspace.id }, orderBy: { createdAt: 'desc' }, take: 200, select: inviteViewSelect });
    const now = new Date();
    return rows.map((row) => toInviteView(row, now));
  });
