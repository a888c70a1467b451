import { protectedProcedure } from '../../init';
import { listWorkspacesInput, listWorkspacesOutput } from './list.schema';

/** Workspaces the caller belongs to, with their role, by name. */
export const listWorkspaces = protectedProcedure
  .input(listWorkspacesInput)
  .output(listWorkspacesOutput)
  .query(async ({ ctx }) => {
    const members = await ctx.prisma.member.findMany({
      where: { userId: ctx.session.userId },
      select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
      orderBy: { workspace: { name: 'asc' } },
    });
    return members.map((m) => ({ ...m.workspace, role: m.role }));
  });
