import { writeAudit } from '../../../accounts/write-audit';
import { roleProcedure } from '../../init';
import { renameWorkspaceInput, renameWorkspaceOutput } from './rename.schema';

/** Renames the workspace (admins). The slug stays, so links and bookmarks keep working. */
export const renameWorkspace = roleProcedure('admin')
  .input(renameWorkspaceInput)
  .output(renameWorkspaceOutput)
  .mutation(async ({ ctx, input }) =>
    ctx.prisma.$transaction(async (tx) => {
      const workspace = await tx.workspace.update({ where: { id: ctx.workspace.id }, data: { name: input.name }, select: { id: true, name: true, slug: true } });
      await writeAudit(tx, {
        workspaceId: workspace.id,
        actorId: ctx.session.userId,
        action: 'workspace.renamed',
        targetType: 'workspace',
        targetId: workspace.id,
        data: { from: ctx.workspace.name, to: input.name },
      });
      return workspace;
    }),
  );
