import { Prisma, type PrismaClient, type SecretBox } from '@switchboard/db';
import { newTraceId, withTraceId, type Logger } from '@switchboard/observability';
import { parseWebhook, type MessageEvent, type StatusEvent } from '@switchboard/whatsapp';
import { applyInboundMessage, type InboundMessageOutcome } from './apply-inbound-message';
import { applyStatusEvent, type StatusOutcome } from './apply-status-event';
import { ignoreInboundMessage, type OnInboundMessage } from './on-inbound-message';
import { inboundContentOf, indexRawWebhookItems } from './raw-webhook-items';
import { isSqlRace, type SqlPool } from '../ports/sql-pool';
import { storeInboundMessage } from './store-inbound-message';
import { storeInboundStatus } from './store-inbound-status';

export interface InboundProcessorDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  logger: Logger;
  /** Called once per newly stored inbound message, inside its transaction. Default: nothing. */
  onInboundMessage?: OnInboundMessage;
  /**
   * When given, a webhook that carries one event for its number is applied by one statement on this
   * pool instead of a Prisma transaction: a message by `storeInboundMessage` (provided the hook
   * offers its one-statement form, or there is no hook), a status by `storeInboundStatus`. Anything
   * else takes the transaction.
   */
  sql?: SqlPool;
}

export type ProcessStatus = 'processed' | 'already_processed' | 'busy' | 'missing' | 'unreadable' | 'no_channel';

export interface ProcessResult {
  status: ProcessStatus;
  /** receivedAt → processedAt, when this call processed the row. */
  lagMs?: number;
  /** Events by `<kind>_<outcome>`, e.g. `message_stored`, `status_duplicate`. */
  counts: Record<string, number>;
}

interface WebhookRow {
  id: string;
  channel_id: string | null;
  phone_number_id: string | null;
  raw_body_enc: string;
  received_at: Date;
  processed_at: Date | null;
}

// Unique violations and serialization failures/deadlocks are races with another
// transaction; the whole webhook is simply applied again.
function isRetryableRace(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return ['P2002', 'P2034'].includes(error.code);
  const text = error instanceof Error ? error.message : '';
  return /40001|40P01|deadlock detected|could not serialize/i.test(text);
}

/**
 * Applies one stored Meta webhook in a single transaction: the row is
 * claimed (FOR UPDATE SKIP LOCKED, so the queue and the sweep never apply it
 * at the same time), decrypted and parsed; each message and status for the
 * row's number is applied idempotently; processedAt is set. Either all of it
 * commits or none does, so a retry starts clean.
 */
export async function processInboundWebhook(
  deps: InboundProcessorDeps,
  job: { inboundWebhookId: string; traceId?: string },
): Promise<ProcessResult> {
  const fast = await applyInOneStatement(deps, job);
  if (fast) return fast;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await deps.prisma.$transaction((tx) => applyWebhook(tx, deps, job), { maxWait: 10_000, timeout: 60_000 });
    } catch (error) {
      if (attempt < 4 && isRetryableRace(error)) continue;
      throw error;
    }
  }
}

interface StoredWebhookRow {
  channel_id: string | null;
  phone_number_id: string | null;
  raw_body_enc: string;
  processed_at: Date | null;
  workspace_id: string | null;
  channel_number: string | null;
}

/**
 * The hot path: a webhook with exactly one event for its number, a message or
 * a status, applied by two round trips (read the row with its channel; one
 * statement that claims it and applies the event). Returns null when the
 * webhook needs the general path: no channel, unreadable, several events, an
 * error event, a `deleted` status, a message without a sender or whose hook
 * has no one-statement form, a contact merge or a lost race.
 */
async function applyInOneStatement(deps: InboundProcessorDeps, job: { inboundWebhookId: string; traceId?: string }): Promise<ProcessResult | null> {
  const sql = deps.sql;
  if (!sql) return null;
  const { rows } = await sql.query<StoredWebhookRow>({
    name: 'sb_inbound_webhook_with_channel',
    text: `SELECT w.channel_id::text AS channel_id, w.phone_number_id, w.raw_body_enc, w.processed_at,
       c.workspace_id::text AS workspace_id, c.phone_number_id AS channel_number
     FROM inbound_webhooks w LEFT JOIN channels c ON c.id = w.channel_id WHERE w.id = $1::uuid`,
    values: [job.inboundWebhookId],
  });
  const row = rows[0];
  if (!row) return { status: 'missing', counts: {} };
  if (row.processed_at) return { status: 'already_processed', counts: {} };
  if (!row.channel_id || !row.workspace_id) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(deps.secretBox.decrypt(row.raw_body_enc));
  } catch {
    return null;
  }
  const number = row.phone_number_id ?? row.channel_number;
  if (!number) return null;
  const parsed = parseWebhook(payload);
  const mine = parsed.events.filter((event) => event.route.phoneNumberId === number);
  const event = mine[0];
  if (mine.length !== 1 || !event) return null;
  const channel = { id: row.channel_id, workspaceId: row.workspace_id };
  const webhook = { id: job.inboundWebhookId, payload, number, ignored: parsed.ignored.length };
  try {
    if (event.kind === 'message') return await storeMessage(deps, sql, { ...webhook, channel, event, traceId: job.traceId });
    if (event.kind === 'status') return await storeStatus(sql, { ...webhook, channel, event });
    return null;
  } catch (error) {
    if (isSqlRace(error)) return null;
    throw error;
  }
}

interface OneEventWebhook<E> {
  id: string;
  payload: unknown;
  number: string;
  /** How many items the parser ignored (counted as `ignored`). */
  ignored: number;
  channel: { id: string; workspaceId: string };
  event: E;
}

function processed(counts: Record<string, number>, ignored: number, receivedAt: Date): ProcessResult {
  if (ignored) counts['ignored'] = ignored;
  return { status: 'processed', counts, lagMs: Date.now() - receivedAt.getTime() };
}

async function storeMessage(
  deps: InboundProcessorDeps,
  sql: SqlPool,
  webhook: OneEventWebhook<MessageEvent> & { traceId?: string },
): Promise<ProcessResult | null> {
  const { channel, event } = webhook;
  const hook = deps.onInboundMessage?.oneStatement;
  if (deps.onInboundMessage && !hook) return null;
  if (!(event.contact?.waId || event.from || event.contact?.userId || event.fromUserId)) return null;
  const traceId = webhook.traceId ?? newTraceId();
  const plan = hook ? await hook.plan({ workspaceId: channel.workspaceId, channelId: channel.id, event }) : null;
  const raw = indexRawWebhookItems(webhook.payload).message(webhook.number, event.wamid);
  const result = await storeInboundMessage(sql, {
    inboundWebhookId: webhook.id,
    channel,
    event,
    contentEnc: deps.secretBox.encryptJson(inboundContentOf(raw, event.content)),
    traceId,
    input: plan,
  });
  if (result.kind === 'not_claimed') return { status: 'already_processed', counts: {} };
  if (result.kind === 'stored' && result.inputId && hook) {
    hook.recorded({ inputId: result.inputId, workspaceId: channel.workspaceId, channelId: channel.id, conversationId: result.conversationId, traceId, delayMs: plan?.delayMs ?? 0 });
  }
  return processed({ [`message_${result.kind}`]: 1 }, webhook.ignored, result.receivedAt);
}

async function storeStatus(sql: SqlPool, webhook: OneEventWebhook<StatusEvent>): Promise<ProcessResult | null> {
  const { event } = webhook;
  const raw = indexRawWebhookItems(webhook.payload).status(webhook.number, event.wamid, event.status, event.timestamp);
  const result = await storeInboundStatus(sql, { inboundWebhookId: webhook.id, channel: webhook.channel, event, raw });
  if (!result) return null;
  if (result.kind === 'not_claimed') return { status: 'already_processed', counts: {} };
  return processed({ [`status_${result.outcome}`]: 1 }, webhook.ignored, result.receivedAt);
}

async function applyWebhook(
  tx: Prisma.TransactionClient,
  deps: InboundProcessorDeps,
  job: { inboundWebhookId: string; traceId?: string },
): Promise<ProcessResult> {
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  const [row] = await tx.$queryRaw<WebhookRow[]>`
    SELECT id, channel_id, phone_number_id, raw_body_enc, received_at, processed_at
    FROM inbound_webhooks WHERE id = ${job.inboundWebhookId}::uuid FOR UPDATE SKIP LOCKED`;
  if (!row) {
    const exists = await tx.inboundWebhook.count({ where: { id: job.inboundWebhookId } });
    return { status: exists ? 'busy' : 'missing', counts };
  }
  if (row.processed_at) return { status: 'already_processed', counts };

  const finish = async (status: ProcessStatus): Promise<ProcessResult> => {
    const processedAt = new Date();
    await tx.inboundWebhook.update({ where: { id: row.id }, data: { processedAt } });
    return { status, counts, lagMs: processedAt.getTime() - row.received_at.getTime() };
  };

  const channel = row.channel_id
    ? await tx.channel.findUnique({ where: { id: row.channel_id }, select: { id: true, workspaceId: true, phoneNumberId: true } })
    : null;
  if (!channel) return finish('no_channel');

  let payload: unknown;
  try {
    payload = JSON.parse(deps.secretBox.decrypt(row.raw_body_enc));
  } catch (error) {
    // Retrying cannot fix a body we cannot decrypt (key removed from the keyring) or parse.
    await tx.auditLog.create({
      data: {
        workspaceId: channel.workspaceId, actorType: 'system', actorId: 'inbound-webhook', action: 'inbound_webhook.unreadable',
        targetType: 'inbound_webhook', targetId: row.id, data: { error: (error as Error).message },
      },
    });
    deps.logger.error({ inbound_webhook_id: row.id, err: (error as Error).message }, 'stored webhook is unreadable');
    return finish('unreadable');
  }

  const number = row.phone_number_id ?? channel.phoneNumberId;
  const parsed = parseWebhook(payload);
  const raw = indexRawWebhookItems(payload);
  const onInboundMessage = deps.onInboundMessage ?? ignoreInboundMessage;
  const webhookTraceId = job.traceId ?? newTraceId();

  for (const event of parsed.events) {
    if (event.route.phoneNumberId !== number) continue;
    if (event.kind === 'message') {
      const outcome: InboundMessageOutcome = await withTraceId(webhookTraceId, () =>
        applyInboundMessage(tx, { secretBox: deps.secretBox, onInboundMessage }, {
          channel, event, raw: raw.message(number, event.wamid), traceId: webhookTraceId, inboundWebhookId: row.id,
        }),
      );
      count(`message_${outcome}`);
    } else if (event.kind === 'status') {
      const outcome: StatusOutcome = await applyStatusEvent(tx, {
        channel, event, raw: raw.status(number, event.wamid, event.status, event.timestamp),
      });
      count(`status_${outcome}`);
    } else {
      await tx.auditLog.create({
        data: {
          workspaceId: channel.workspaceId, actorType: 'system', actorId: 'inbound-webhook', action: 'meta_webhook.error',
          targetType: 'channel', targetId: channel.id, data: { errors: event.errors as unknown as Prisma.InputJsonValue },
          traceId: webhookTraceId,
        },
      });
      count('error_recorded');
    }
  }
  if (parsed.ignored.length) counts['ignored'] = parsed.ignored.length;
  return finish('processed');
}

/** Rows the queue never delivered (Redis down at ack, a lost job): processed directly, oldest first. */
export async function sweepInboundWebhooks(
  deps: InboundProcessorDeps,
  options: { olderThanMs: number; limit?: number },
): Promise<ProcessResult[]> {
  // The cutoff is taken on the database's clock: received_at is stamped by
  // Postgres and rounded to the millisecond (up to 0.5 ms into the future),
  // so comparing it with this host's Date.now() skipped rows stored in the
  // same millisecond, and would drift with any skew between app and database
  // hosts. The extra millisecond absorbs that rounding.
  const rows = await deps.prisma.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM inbound_webhooks
    WHERE processed_at IS NULL AND received_at < now() - make_interval(secs => ${options.olderThanMs / 1000}) + interval '1 millisecond'
    ORDER BY received_at ASC
    LIMIT ${options.limit ?? 100}`;
  const results: ProcessResult[] = [];
  for (const { id } of rows) {
    try {
      results.push(await processInboundWebhook(deps, { inboundWebhookId: id }));
    } catch (error) {
      // One failing row must not hold back the others; it is tried again next sweep.
      deps.logger.error({ inbound_webhook_id: id, err: (error as Error).message }, 'sweep could not process a stored webhook');
    }
  }
  return results;
}
