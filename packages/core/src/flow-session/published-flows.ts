import type { Prisma, PrismaClient } from '@switchboard/db';
import { migrateFlow, type FlowV1 } from '@switchboard/flow-engine';

/** A published flow version, parsed. */
export interface PublishedFlow {
  flowId: string;
  versionId: string;
  version: number;
  flow: FlowV1;
}

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Loads published flow versions (and, by id, the test panel's test versions).
 * Versions are immutable, so a parsed version is cached by id (bounded); "the latest version of a flow" is read from
 * Postgres every time, so a publish takes effect on the next new session.
 */
export function createPublishedFlows(options: { maxCached?: number } = {}) {
  const maxCached = options.maxCached ?? 500;
  const cache = new Map<string, PublishedFlow>();

  const remember = (row: { id: string; flowId: string; version: number; document: unknown }): PublishedFlow => {
    const hit = cache.get(row.id);
    if (hit) return hit;
    const published = { flowId: row.flowId, versionId: row.id, version: row.version, flow: migrateFlow(row.document) };
    if (cache.size >= maxCached) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(row.id, published);
    return published;
  };

  return {
    /** One version by id (a session's pinned version); null when it no longer exists. */
    async byVersionId(db: Db, versionId: string): Promise<PublishedFlow | null> {
      const hit = cache.get(versionId);
      if (hit) return hit;
      const row = await db.flowVersion.findUnique({ where: { id: versionId }, select: { id: true, flowId: true, version: true, document: true } });
      return row ? remember(row) : null;
    },
    /** The highest published version of a flow in the workspace (test versions never); null when nothing is published. */
    async latest(db: Db, workspaceId: string, flowId: string): Promise<PublishedFlow | null> {
      const head = await db.flowVersion.findFirst({
        where: { flowId, workspaceId, kind: 'published' },
        orderBy: { version: 'desc' },
        select: { id: true, flowId: true, version: true },
      });
      if (!head) return null;
      const hit = cache.get(head.id);
      if (hit) return hit;
      const row = await db.flowVersion.findUnique({ where: { id: head.id }, select: { id: true, flowId: true, version: true, document: true } });
      return row ? remember(row) : null;
    },
  };
}

export type PublishedFlows = ReturnType<typeof createPublishedFlows>;
