import { AppError } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { draftView, findWorkspaceFlow, parseFlowDocument, writeDraft } from './flow-access';
import { restoreFlowVersionInput, restoreFlowVersionOutput } from './restore-version.schema';

/** Copies a published version into the draft (editors); publishing it again makes it live as a new version. */
export const restoreFlowVersion = roleProcedure('editor')
  .input(restoreFlowVersionInput)
  .output(restoreFlowVersionOutput)
  .mutation(async ({ ctx, input }) => {
    const workspaceId = ctx.workspace.id;
    await findWorkspaceFlow(ctx.prisma, workspaceId, input.flowId);
    const version = await ctx.prisma.flowVersion.findFirst({ where: { id: input.versionId, flowId: input.flowId, workspaceId, kind: 'published' } });
    if (!version) throw new AppError('not_found', 'Flow version not found.');
    await writeDraft(ctx.prisma, workspaceId, input.flowId, input.baseRevision, parseFlowDocument(version.document));
    return draftView(ctx.prisma, await findWorkspaceFlow(ctx.prisma, workspaceId, input.flowId));
  });
