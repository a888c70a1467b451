import { AppError } from '@switchboard/core';
import { writeAudit } from '../../../accounts/write-audit';
import { roleProcedure } from '../../init';
import { revokeInviteInput, revokeInviteOutput } from './invite.schema';

/** Revokes an unused invite (admins): the row goes, so its link stops working; the audit log keeps the record. */
export const revokeInvite = roleProcedure('admin')
  .input(revokeInviteInput)
  .output(revokeInviteOutput)
  .mutation(async ({ ctx, input }) =>
    ctx.prisma.$transaction(async (tx) => {
      const workspaceId = ctx.workspace.id;
      const invite = await tx.invite.findFirst({ where: { id: input.id, workspaceId, acceptedAt: null }, select: { id: true, email: true, role: true } });
      if (!invite) throw new AppError('not_found', 'No unused invite with this id in this workspace.');
      await tx.invite.delete({ where: { id: invite.id } });
      await writeAudit(tx, { workspaceId, actorId: ctx.session.userId, action: 'invite.revoked', targetType: 'invite', targetId: invite.id, data: { email: invite.email, role: invite.role } });
      return { revoked: true as const };
    }),
  );
