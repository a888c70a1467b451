import { AppError } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { findWorkspaceFlow, parseFlowDocument } from './flow-access';
import { exportFlowInput, exportFlowOutput } from './export.schema';

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';

/** The draft (or one published version) as a flow document that `flow.import` reads back. */
export const exportFlow = workspaceProcedure
  .input(exportFlowInput)
  .output(exportFlowOutput)
  .query(async ({ ctx, input }) => {
    const flow = await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId);
    if (!input.versionId) return { fileName: `${slug(flow.name)}.draft.json`, document: parseFlowDocument(flow.draft) };
    const version = await ctx.prisma.flowVersion.findFirst({ where: { id: input.versionId, flowId: flow.id, workspaceId: ctx.workspace.id, kind: 'published' } });
    if (!version) throw new AppError('not_found', 'Flow version not found.');
    return { fileName: `${slug(flow.name)}.v${version.version}.json`, document: parseFlowDocument(version.document) };
  });
