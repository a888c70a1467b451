import { workspaceProcedure } from '../../init';
import { draftView, findWorkspaceFlow } from './flow-access';
import { getFlowInput, getFlowOutput } from './get.schema';

/** One flow's draft with its revision and lint findings (any member may read). */
export const getFlow = workspaceProcedure
  .input(getFlowInput)
  .output(getFlowOutput)
  .query(async ({ ctx, input }) => draftView(ctx.prisma, await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId)));
