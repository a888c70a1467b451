import { OUTBOUND_SEND_TOPIC } from '@switchboard/core';
import { Prisma, type PrismaClient } from '@switchboard/db';
import type { OutboundDispatch } from '@switchboard/queue';
import { z } from 'zod';

export interface OutboxRelayDeps {
  prisma: PrismaClient;
  dispatcher: { dispatchOutboundMany(jobs: OutboundDispatch[]): Promise<number> };
  /** Rows younger than this are left to the API's own hand-off right after its commit. */
  graceMs: number;
  batchSize?: number;
  now?: () => Date;
}

export interface RelayResult {
  claimed: number;
  dispatched: number;
  failed: boolean;
}

const payloadSchema = z.object({ messageId: z.uuid() });

/**
 * The relay's claim: the oldest unpublished `outbound.send` rows created before `cutoff`. It reads the
 * partial index `outbox_entries_send_pending_idx` (unpublished sends only), so a pass costs what is
 * pending, not what the table has kept (`relay-outbox.int.test.ts` checks the plan).
 */
export function claimUnpublishedSends(cutoff: Date, batchSize: number): Prisma.Sql {
  return Prisma.sql`
    SELECT id, payload FROM outbox_entries
    WHERE published_at IS NULL AND topic = ${OUTBOUND_SEND_TOPIC} AND created_at <= ${cutoff}
    ORDER BY created_at
    LIMIT ${batchSize}
    FOR UPDATE SKIP LOCKED`;
}

/**
 * One relay pass (transactional outbox): claims unpublished `outbound.send` rows with FOR UPDATE SKIP
 * LOCKED (so several workers can relay at once), hands their messages that still wait to be sent to the
 * scheduler (idempotent), and marks the rows published in the same transaction. When Redis is down
 * the rows stay unpublished with the error recorded, and the next pass tries again.
 */
export async function relayOutbox(deps: OutboxRelayDeps): Promise<RelayResult> {
  const cutoff = new Date((deps.now ?? (() => new Date()))().getTime() - deps.graceMs);
  const batchSize = deps.batchSize ?? 500;
  return deps.prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; payload: unknown }[]>(claimUnpublishedSends(cutoff, batchSize));
      if (rows.length === 0) return { claimed: 0, dispatched: 0, failed: false };
      const ids = rows.map((r) => r.id);
      const messageIds = rows.flatMap((r) => {
        const parsed = payloadSchema.safeParse(r.payload);
        return parsed.success ? [parsed.data.messageId] : [];
      });
      const messages = await tx.message.findMany({
        where: { id: { in: messageIds }, direction: 'outbound', status: { in: ['accepted', 'queued', 'sending'] } },
        select: { id: true, workspaceId: true, channelId: true, priority: true },
      });
      try {
        const dispatched = await deps.dispatcher.dispatchOutboundMany(
          messages.map((m) => ({ messageId: m.id, workspaceId: m.workspaceId, channelId: m.channelId, priority: m.priority })),
        );
        // A row whose payload does not parse can never be relayed: publish it with the reason rather than retry forever.
        await tx.$executeRaw`
          UPDATE outbox_entries SET published_at = now(), attempts = attempts + 1,
            last_error = CASE WHEN payload->>'messageId' IS NOT NULL THEN last_error ELSE 'invalid payload: no messageId' END
          WHERE id = ANY(${ids}::uuid[])`;
        return { claimed: rows.length, dispatched, failed: false };
      } catch (error) {
        await tx.$executeRaw`
          UPDATE outbox_entries SET attempts = attempts + 1, last_error = ${(error as Error).message.slice(0, 500)}
          WHERE id = ANY(${ids}::uuid[])`;
        return { claimed: rows.length, dispatched: 0, failed: true };
      }
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
