import type { PrismaClient } from '@switchboard/db';
import type { OutboundDispatch } from '@switchboard/queue';

export interface SweepDeps {
  prisma: PrismaClient;
  dispatcher: { dispatchOutboundMany(jobs: OutboundDispatch[]): Promise<number> };
  /** Messages updated more recently than this are left alone. */
  graceMs: number;
  pageSize?: number;
  maxPages?: number;
  now?: () => Date;
}

/**
 * Re-offers to the scheduler every outbound message Postgres says is still on its way (queued or
 * sending) and that has not moved for `graceMs`. Enqueueing is idempotent, so messages the scheduler
 * holds are untouched; the ones Redis lost (a flush, a restart without persistence, a crash between
 * commit and hand-off with no outbox row) are scheduled again. The send step then decides: a due
 * retry goes, a future one waits, an ambiguous `sending` waits for its deadline. Returns how many
 * messages were missing from the scheduler.
 */
export async function sweepStuckMessages(deps: SweepDeps): Promise<number> {
  const cutoff = new Date((deps.now ?? (() => new Date()))().getTime() - deps.graceMs);
  const pageSize = deps.pageSize ?? 1000;
  const maxPages = deps.maxPages ?? 50;
  let cursor = '00000000-0000-0000-0000-000000000000';
  let missing = 0;
  for (let page = 0; page < maxPages; page += 1) {
    const rows = await deps.prisma.message.findMany({
      where: { direction: 'outbound', status: { in: ['accepted', 'queued', 'sending'] }, updatedAt: { lte: cutoff }, id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take: pageSize,
      select: { id: true, workspaceId: true, channelId: true, priority: true },
    });
    if (rows.length === 0) break;
    missing += await deps.dispatcher.dispatchOutboundMany(
      rows.map((m) => ({ messageId: m.id, workspaceId: m.workspaceId, channelId: m.channelId, priority: m.priority })),
    );
    cursor = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) break;
  }
  return missing;
}
