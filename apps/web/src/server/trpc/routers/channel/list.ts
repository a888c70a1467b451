import { workspaceProcedure } from '../../init';
import { listChannelsInput, listChannelsOutput } from './list.schema';

/** Live (not deleted) channels of the workspace, oldest first. */
export const listChannels = workspaceProcedure
  .input(listChannelsInput)
  .output(listChannelsOutput)
  .query(({ ctx }) =>
    ctx.prisma.channel.findMany({
      where: { workspaceId: ctx.workspace.id, deletedAt: null },
      select: {
        id: true,
        kind: true,
        displayPhoneNumber: true,
        phoneNumberId: true,
        status: true,
        throughputMps: true,
        createdAt: true,
      },
      orderBy: { createdAt: 'asc' },
    }),
  );
