import { AppError } from '@switchboard/core';
import { protectedProcedure } from '../../init';
import { serializeWorkspaceCookie } from '../../workspace-cookie';
import { selectWorkspaceInput, selectWorkspaceOutput } from './select.schema';

/** Remembers the caller's chosen workspace in a cookie; membership is checked first. */
export const selectWorkspace = protectedProcedure
  .input(selectWorkspaceInput)
  .output(selectWorkspaceOutput)
  .mutation(async ({ ctx, input }) => {
    const member = await ctx.prisma.member.findUnique({
      where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: ctx.session.userId } },
      select: { workspace: { select: { id: true, slug: true } } },
    });
    if (!member) throw new AppError('not_found', 'Workspace not found.');
    ctx.resHeaders?.append('Set-Cookie', serializeWorkspaceCookie(member.workspace.id, ctx.secureCookies));
    return member.workspace;
  });
