import { Prisma, type PrismaClient, type SecretBox } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { AppError } from '../app-error';
import type { InboundDispatcher } from '../ports/dispatchers';
import type { ChannelDirectory } from './channel-directory';
import { createCoalescer } from '../ports/create-coalescer';
import { newRowId } from './new-row-id';
import { routeMetaWebhook, type UnknownNumber, type WebhookRequestParts } from './route-meta-webhook';
import type { SqlPool } from '../ports/sql-pool';

/** How a webhook POST ended; the route maps it to an HTTP status and a metric label. */
export type ReceiveOutcome =
  | { outcome: 'ok'; inboundWebhookIds: string[]; unknownNumbers: UnknownNumber[] }
  | { outcome: 'unknown_number'; unknownNumbers: UnknownNumber[] }
  | { outcome: 'bad_signature'; reason: 'missing' | 'mismatch' }
  | { outcome: 'malformed'; reason: string };

export interface MetaWebhookReceiverDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  channels: ChannelDirectory;
  dispatcher: InboundDispatcher;
  logger: Logger;
  /** When given, the row is inserted by one plain statement on this pool instead of through Prisma (the ack's hot path). */
  sql?: SqlPool;
  /** One audit entry per unknown number per this period (per process); every hit is still counted in metrics. Default 60 s. */
  unknownNumberAuditIntervalMs?: number;
  now?: () => number;
}

/** The POST side of Meta's webhook: route, verify, persist, then dispatch. */
export interface MetaWebhookReceiver {
  receive(request: WebhookRequestParts & { traceId: string }): Promise<ReceiveOutcome>;
}

/**
 * Creates the receiver. Guarantees: nothing is acknowledged before its raw
 * body is committed (a failed write throws `service_unavailable`, so Meta
 * retries); a failed dispatch is only logged, because the worker's sweep
 * picks up rows that were never processed.
 */
export function createMetaWebhookReceiver(deps: MetaWebhookReceiverDeps): MetaWebhookReceiver {
  const { sql } = deps;
  // Webhooks that arrive together share one INSERT (a call alone goes at once): under load the
  // round trip and the commit are most of the ack's cost. Rows are inserted in call order, and each
  // row's received_at is read from the clock as it is inserted, so the arrival order the bot turn
  // relies on (received_at) is the order the requests were handled, as with one INSERT each.
  const insertRows = sql
    ? createCoalescer<StoredRow[], void>(
        (rows) => rows[0]!.id,
        async (batches) => {
          await insertAll(sql, batches.flat());
          return batches.map(() => undefined);
        },
        (rows) => insertAll(sql, rows),
        { maxBatch: 64 },
      )
    : undefined;
  const auditInterval = deps.unknownNumberAuditIntervalMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const lastAudit = new Map<string, number>();

  async function auditUnknown(unknown: UnknownNumber[], traceId: string): Promise<void> {
    const due = unknown.filter((u) => {
      const key = u.phoneNumberId ?? `waba:${u.wabaId ?? ''}`;
      const last = lastAudit.get(key);
      if (last !== undefined && now() - last < auditInterval) return false;
      lastAudit.set(key, now());
      return true;
    });
    if (lastAudit.size > 10_000) lastAudit.clear();
    if (due.length === 0) return;
    try {
      await deps.prisma.auditLog.createMany({
        data: due.map((u) => ({
          actorType: 'system' as const,
          actorId: 'meta-webhook',
          action: 'meta_webhook.unknown_number',
          targetType: u.phoneNumberId ? 'phone_number_id' : 'waba_id',
          targetId: u.phoneNumberId ?? u.wabaId ?? null,
          data: { waba_id: u.wabaId ?? null, display_phone_number: u.displayPhoneNumber ?? null },
          traceId,
        })),
      });
    } catch (error) {
      // Still a 200: Meta would retry a number we do not serve for 7 days.
      for (const u of due) lastAudit.delete(u.phoneNumberId ?? `waba:${u.wabaId ?? ''}`);
      deps.logger.warn({ err: (error as Error).message }, 'could not write the unknown-number audit entry');
    }
  }

  return {
    async receive(request) {
      const decision = await routeMetaWebhook(request, deps.channels);
      if (decision.kind === 'malformed') return { outcome: 'malformed', reason: decision.reason };
      if (decision.kind === 'bad_signature') return { outcome: 'bad_signature', reason: decision.reason };
      if (decision.kind === 'unknown_number') {
        await auditUnknown(decision.unknown, request.traceId);
        return { outcome: 'unknown_number', unknownNumbers: decision.unknown };
      }

      const text = request.rawBody.toString('utf8');
      const rows = decision.targets.map((target) => ({
        id: newRowId(),
        channelId: target.channel.id,
        phoneNumberId: target.phoneNumberId,
        rawBodyEnc: deps.secretBox.encrypt(text),
      }));
      try {
        // One plain INSERT (ids are generated here): the hot path of every webhook, and a
        // single statement needs no transaction around it. A failed shared INSERT is retried per
        // request, so one request's failure is its own.
        if (insertRows) {
          await insertRows(rows);
        } else {
          await deps.prisma.$executeRaw`
            INSERT INTO inbound_webhooks (id, channel_id, phone_number_id, raw_body_enc, signature_valid)
            VALUES ${Prisma.join(rows.map((r) => Prisma.sql`(${r.id}::uuid, ${r.channelId}::uuid, ${r.phoneNumberId}, ${r.rawBodyEnc}, true)`))}`;
        }
      } catch (error) {
        throw new AppError('service_unavailable', 'Could not store the webhook; retry later', { cause: error, retryAfterSeconds: 5 });
      }
      const ids = rows.map((r) => r.id);

      for (const inboundWebhookId of ids) {
        try {
          await deps.dispatcher.dispatchInboundWebhook({ inboundWebhookId });
        } catch (error) {
          deps.logger.warn({ err: (error as Error).message, inbound_webhook_id: inboundWebhookId }, 'enqueue failed; the sweep will process the stored webhook');
        }
      }
      if (decision.unknown.length) await auditUnknown(decision.unknown, request.traceId);
      return { outcome: 'ok', inboundWebhookIds: ids, unknownNumbers: decision.unknown };
    },
  };
}

/** An inbound_webhooks row as the ack writes it. */
interface StoredRow {
  id: string;
  channelId: string;
  phoneNumberId: string | null;
  rawBodyEnc: string;
}

/** One INSERT of `rows`, in order; each row's received_at is read from the clock as it is inserted. */
async function insertAll(sql: SqlPool, rows: StoredRow[]): Promise<void> {
  await sql.query(
    `INSERT INTO inbound_webhooks (id, channel_id, phone_number_id, raw_body_enc, signature_valid, received_at) VALUES ${rows
      .map((_, i) => `($${i * 4 + 1}::uuid, $${i * 4 + 2}::uuid, $${i * 4 + 3}, $${i * 4 + 4}, true, clock_timestamp())`)
      .join(', ')}`,
    rows.flatMap((r) => [r.id, r.channelId, r.phoneNumberId, r.rawBodyEnc]),
  );
}
