import { workspaceProcedure } from '../../init';
import { findWorkspaceFlow } from './flow-access';
import { listFlowVersionsInput, listFlowVersionsOutput } from './versions.schema';

/** A flow's published versions, newest first, with who published each. */
export const listFlowVersions = workspaceProcedure
  .input(listFlowVersionsInput)
  .output(listFlowVersionsOutput)
  .query(async ({ ctx, input }) => {
    const flow = await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId);
    const versions = await ctx.prisma.flowVersion.findMany({
      where: { flowId: flow.id, workspaceId: ctx.workspace.id, kind: 'published' },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, note: true, publishedAt: true, publishedById: true },
    });
    // publishedById is a plain id (history survives deleted users), so names are looked up, not joined.
    const userIds = [...new Set(versions.flatMap((v) => (v.publishedById ? [v.publishedById] : [])))];
    const users = await ctx.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
    const emails = new Map(users.map((u) => [u.id, u.email]));
    return versions.map((v) => ({
      id: v.id,
      version: v.version,
      note: v.note,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedById ? (emails.get(v.publishedById) ?? null) : null,
    }));
  });
