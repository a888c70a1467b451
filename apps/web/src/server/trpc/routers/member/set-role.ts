import { assertMayManage, assertNotLastOwner, findMember, lockWorkspace } from '../../../accounts/member-rules';
import { writeAudit } from '../../../accounts/write-audit';
import { roleSchema } from '../../../auth/roles';
import { roleProcedure } from '../../init';
import { memberViewSchema, setMemberRoleInput } from './member.schema';

/** Changes a member's role (admins; owner role by owners only; the last owner stays owner). */
export const setMemberRole = roleProcedure('admin')
  .input(setMemberRoleInput)
  .output(memberViewSchema)
  .mutation(async ({ ctx, input }) =>
    ctx.prisma.$transaction(async (tx) => {
      const workspaceId = ctx.workspace.id;
      await lockWorkspace(tx, workspaceId);
      const member = await findMember(tx, workspaceId, input.userId);
      const from = roleSchema.parse(member.role);
      assertMayManage(ctx.role, from, input.role);
      if (from === 'owner' && input.role !== 'owner') await assertNotLastOwner(tx, workspaceId, 'demoted');
      const updated = await tx.member.update({
        where: { id: member.id },
        data: { role: input.role },
        select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
      });
      if (from !== input.role) {
        await writeAudit(tx, { workspaceId, actorId: ctx.session.userId, action: 'member.role_changed', targetType: 'user', targetId: input.userId, data: { from, to: input.role } });
      }
      return { userId: updated.user.id, email: updated.user.email, name: updated.user.name, role: updated.role, joinedAt: updated.createdAt };
    }),
  );
