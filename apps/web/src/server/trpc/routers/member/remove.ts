import { assertMayManage, assertNotLastOwner, findMember, lockWorkspace } from '../../../accounts/member-rules';
import { writeAudit } from '../../../accounts/write-audit';
import { roleSchema } from '../../../auth/roles';
import { roleProcedure } from '../../init';
import { removeMemberInput, removeMemberOutput } from './member.schema';

/** Removes a member from the workspace (admins; owners by owners only; never the last owner). */
export const removeMember = roleProcedure('admin')
  .input(removeMemberInput)
  .output(removeMemberOutput)
  .mutation(async ({ ctx, input }) =>
    ctx.prisma.$transaction(async (tx) => {
      const workspaceId = ctx.workspace.id;
      await lockWorkspace(tx, workspaceId);
      const member = await findMember(tx, workspaceId, input.userId);
      const role = roleSchema.parse(member.role);
      assertMayManage(ctx.role, role);
      if (role === 'owner') await assertNotLastOwner(tx, workspaceId, 'removed');
      await tx.member.delete({ where: { id: member.id } });
      await writeAudit(tx, { workspaceId, actorId: ctx.session.userId, action: 'member.removed', targetType: 'user', targetId: input.userId, data: { role } });
      return { removed: true as const };
    }),
  );
