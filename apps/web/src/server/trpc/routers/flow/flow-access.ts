import { AppError } from '@switchboard/core';
import type { Prisma, PrismaClient } from '@switchboard/db';
import { blockDefinitions, lintFlow, safeMigrateFlow, type FlowV1 } from '@switchboard/flow-engine';
import type { FlowDraft } from './flow-views.schema';

type Db = PrismaClient | Prisma.TransactionClient;

/** Loads a flow of the workspace; another workspace's flow is reported as not found. */
export async function findWorkspaceFlow(db: Db, workspaceId: string, flowId: string) {
  const flow = await db.flow.findFirst({ where: { id: flowId, workspaceId } });
  if (!flow) throw new AppError('not_found', 'Flow not found.');
  return flow;
}

/** Parses (and upgrades) a flow document with the engine's schema; a bad one is a 400 listing each problem. */
export function parseFlowDocument(input: unknown): FlowV1 {
  const result = safeMigrateFlow(input);
  if (!result.ok) {
    throw new AppError('validation_failed', result.error.message, { details: { issues: result.error.issues } });
  }
  return result.flow;
}

/** The revision a draft timestamp stands for. */
export const revisionOf = (draftUpdatedAt: Date): number => draftUpdatedAt.getTime();

/**
 * The next draft timestamp: now, but always later than the base, so two saves
 * in the same millisecond still get different revisions.
 */
export const nextDraftTime = (base: number): Date => new Date(Math.max(Date.now(), base + 1));

/** Replaces the draft when it is still at `baseRevision`; otherwise a conflict naming the current revision. */
export async function writeDraft(db: Db, workspaceId: string, flowId: string, baseRevision: number, document: FlowV1): Promise<Date> {
  const draftUpdatedAt = nextDraftTime(baseRevision);
  const written = await db.flow.updateMany({
    where: { id: flowId, workspaceId, draftUpdatedAt: new Date(baseRevision) },
    data: { draft: document as unknown as Prisma.InputJsonValue, name: document.name, draftUpdatedAt },
  });
  if (written.count === 1) return draftUpdatedAt;
  const current = await findWorkspaceFlow(db, workspaceId, flowId);
  throw new AppError('conflict', 'The draft was changed elsewhere (another tab or person) since you loaded it. Reload to get the latest draft.', {
    details: { currentRevision: revisionOf(current.draftUpdatedAt) },
  });
}

/** The builder's view of a flow's draft. */
export async function draftView(db: Db, flow: { id: string; name: string; draft: unknown; draftUpdatedAt: Date }): Promise<FlowDraft> {
  const document = parseFlowDocument(flow.draft);
  const latest = await db.flowVersion.findFirst({ where: { flowId: flow.id, kind: 'published' }, orderBy: { version: 'desc' }, select: { version: true } });
  return {
    id: flow.id,
    name: flow.name,
    revision: revisionOf(flow.draftUpdatedAt),
    document,
    findings: lintFlow(document),
    latestVersion: latest?.version ?? null,
  };
}

/** A new flow: only the Start block, which every flow needs exactly once. */
export function emptyFlowDocument(name: string): FlowV1 {
  return {
    version: 1,
    name,
    variables: [],
    triggers: { restartKeywords: [] },
    nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: blockDefinitions.trigger.defaultData }],
    edges: [],
  };
}
