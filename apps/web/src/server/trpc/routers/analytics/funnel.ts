import { flowFunnel, listFunnelVersions, resolveAnalyticsPeriod } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { funnelInput, funnelOutput } from './analytics.schema';

/** The per-node funnel of a published flow version (the newest when none is chosen). */
export const analyticsFunnel = workspaceProcedure
  .input(funnelInput)
  .output(funnelOutput)
  .query(async ({ ctx, input }) => {
    const now = new Date();
    const period = resolveAnalyticsPeriod(input, now);
    const versions = await listFunnelVersions(ctx.prisma, ctx.workspace.id);
    const flowVersionId = input.flowVersionId ?? versions[0]?.id;
    if (!flowVersionId) return { period, versions, funnel: null };
    // flowFunnel answers not_found for a version of another workspace.
    const funnel = await flowFunnel(ctx.prisma, { workspaceId: ctx.workspace.id, flowVersionId, period, now, ...(input.channelId ? { channelId: input.channelId } : {}) });
    // A chosen version older than the listed ones stays selectable.
    return { period, versions: versions.some((v) => v.id === flowVersionId) ? versions : [...versions, funnel.version], funnel };
  });
