import { workspaceProcedure } from '../../init';
import { listFlowsInput, listFlowsOutput } from './list.schema';

/** The workspace's flows, newest draft first, with their bot and latest published version. */
export const listFlows = workspaceProcedure
  .input(listFlowsInput)
  .output(listFlowsOutput)
  .query(async ({ ctx }) => {
    const flows = await ctx.prisma.flow.findMany({
      where: { workspaceId: ctx.workspace.id },
      orderBy: [{ draftUpdatedAt: 'desc' }, { id: 'asc' }],
      select: {
        id: true,
        name: true,
        botId: true,
        draftUpdatedAt: true,
        bot: { select: { name: true } },
        versions: { where: { kind: 'published' }, orderBy: { version: 'desc' }, take: 1, select: { version: true, publishedAt: true } },
      },
    });
    // Counted in Postgres: the list should not ship every draft document to count its blocks.
    const counts = await ctx.prisma.$queryRaw<{ id: string; nodes: number }[]>`
      SELECT id::text AS id,
             CASE WHEN jsonb_typeof(draft->'nodes') = 'array' THEN jsonb_array_length(draft->'nodes') ELSE 0 END::int AS nodes
      FROM flows WHERE workspace_id = ${ctx.workspace.id}::uuid`;
    const nodeCounts = new Map(counts.map((c) => [c.id, c.nodes]));
    return flows.map((flow) => {
      const latest = flow.versions[0];
      return {
        id: flow.id,
        name: flow.name,
        botId: flow.botId,
        botName: flow.bot?.name ?? null,
        nodeCount: nodeCounts.get(flow.id) ?? 0,
        draftUpdatedAt: flow.draftUpdatedAt,
        latestVersion: latest?.version ?? null,
        latestPublishedAt: latest?.publishedAt ?? null,
      };
    });
  });
