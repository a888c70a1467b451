import { workspaceProcedure } from '../../init';
import { workspaceOverviewInput, workspaceOverviewOutput } from './overview.schema';

/** The current workspace, the caller's role in it and what it holds. */
export const workspaceOverview = workspaceProcedure
  .input(workspaceOverviewInput)
  .output(workspaceOverviewOutput)
  .query(async ({ ctx }) => {
    const [channelCount, botCount] = await Promise.all([
      ctx.prisma.channel.count({ where: { workspaceId: ctx.workspace.id, deletedAt: null } }),
      ctx.prisma.bot.count({ where: { workspaceId: ctx.workspace.id } }),
    ]);
    return { workspace: ctx.workspace, role: ctx.role, channelCount, botCount };
  });
