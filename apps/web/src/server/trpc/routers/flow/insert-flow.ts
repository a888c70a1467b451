import type { Prisma, PrismaClient } from '@switchboard/db';
import type { FlowSummary } from './flow-views.schema';

/** Stores a new flow with `draft` as its document and returns its list entry. */
export async function insertFlow(db: PrismaClient, workspaceId: string, draft: Prisma.InputJsonValue, name: string, botId: string | null): Promise<FlowSummary> {
  const flow = await db.flow.create({ data: { workspaceId, name, draft, botId }, include: { bot: { select: { name: true } } } });
  const nodes = (draft as { nodes?: unknown }).nodes;
  return {
    id: flow.id,
    name: flow.name,
    botId: flow.botId,
    botName: flow.bot?.name ?? null,
    nodeCount: Array.isArray(nodes) ? nodes.length : 0,
    draftUpdatedAt: flow.draftUpdatedAt,
    latestVersion: null,
    latestPublishedAt: null,
  };
}
