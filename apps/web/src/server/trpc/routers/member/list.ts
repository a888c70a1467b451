import { workspaceInput, workspaceProcedure } from '../../init';
import { listMembersOutput } from './member.schema';

/** Everyone in the workspace with their role; any member may see who else is in it. */
export const listMembers = workspaceProcedure
  .input(workspaceInput)
  .output(listMembersOutput)
  .query(async ({ ctx }) => {
    const rows = await ctx.prisma.member.findMany({
      where: { workspaceId: ctx.workspace.id },
      select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, joinedAt: m.createdAt }));
  });
