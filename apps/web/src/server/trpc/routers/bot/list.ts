import { workspaceProcedure } from '../../init';
import { listBotsInput, listBotsOutput } from './list.schema';

/** Bots of the workspace, by name. */
export const listBots = workspaceProcedure
  .input(listBotsInput)
  .output(listBotsOutput)
  .query(({ ctx }) =>
    ctx.prisma.bot.findMany({
      where: { workspaceId: ctx.workspace.id },
      select: { id: true, name: true, mode: true, enabled: true },
      orderBy: { name: 'asc' },
    }),
  );
