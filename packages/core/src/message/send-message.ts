import type { PrismaClient, SecretBox } from '@switchboard/db';
import { AppError } from '../app-error';
import { IDEMPOTENCY_TTL_MS } from '../idempotency/idempotency-policy';
import { requestFingerprint } from '../idempotency/request-fingerprint';
import { newEventId } from '../send/new-event-id';
import type { OutboundDispatcher } from '../ports/dispatchers';
import { isWindowOpen, requiresOpenWindow } from '../window/customer-service-window';
import { acceptStatement, type AcceptRow, type AcceptValues } from './accept-message-statement';
import { createMissingRecipient, type RecipientIdentity } from './create-missing-recipient';
import type { MessageAccepted, SendMessageInput } from './send-message-input';
import type { SqlPool } from '../ports/sql-pool';

export { OUTBOUND_SEND_TOPIC } from './accept-message-statement';

export interface SendMessageDeps {
  prisma: PrismaClient;
  /** Plain pg pool for the accept statement (the POST hot path does not go through Prisma). */
  sql: SqlPool;
  secretBox: SecretBox;
  dispatcher: OutboundDispatcher;
  clock?: () => Date;
  /** Told when the hand-off to the queue failed after commit; the outbox relay will re-dispatch. */
  onDispatchError?: (error: unknown, messageId: string) => void;
}

export interface SendMessageRequest {
  workspaceId: string;
  input: SendMessageInput;
  /** From the Idempotency-Key header or the body's idempotency_key (the caller reconciles the two). */
  idempotencyKey?: string;
  traceId: string;
  /** Who is sending: a customer's backend (`api`, the default), a person in our inbox (`agent`) or a CRM agent (`crm`). */
  source?: 'api' | 'agent' | 'crm';
}

export interface SendMessageResult {
  httpStatus: number;
  body: MessageAccepted;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

type IdempotencyRecordRow = {
  request_hash: string;
  state: string;
  response_status: number | null;
  response_body: unknown;
  expires_at: Date;
};

/**
 * Accepts an outbound message (design §4, reliability-plan §1.1/1.2).
 *
 * The message row, its `queued` event, the outbox entry, the customer event and the idempotency
 * record are written by one statement (accept-message-statement.ts), so a 202 always means all of
 * them exist; the common case is that one round trip, which also reads the channel, the recipient's
 * conversation and window, and the key's earlier record. The queue hand-off happens after commit
 * and may fail (the outbox relay repairs it). A first message to someone creates the contact and
 * conversation and runs the statement again; a closed window with `fallback_template` runs it again
 * with the template. Concurrent requests with one key: the loser gets 409 at once (advisory lock);
 * the unique (workspace, key) index is the backstop. Validation failures, unknown channels and
 * closed-window rejections are not stored, so the same key can be retried after a fix.
 */
export async function sendMessage(deps: SendMessageDeps, request: SendMessageRequest): Promise<SendMessageResult> {
  const now = (deps.clock ?? (() => new Date()))();
  const { workspaceId, input, idempotencyKey } = request;
  const { idempotency_key: _ignored, ...fingerprinted } = input;
  const fingerprint = idempotencyKey === undefined ? '' : requestFingerprint(fingerprinted);
  const identity: RecipientIdentity =
    input.to !== undefined ? { waId: input.to.replace(/^\+/, '') } : { userId: input.recipient ?? '' };

  const requestedContent: unknown = (input as Record<string, unknown>)[input.type];
  let type: string = input.type;
  let contentEnc = deps.secretBox.encryptJson({ [type]: requestedContent });
  let fallbackUsed = false;
  const messageId = newEventId(now.getTime());

  const channelId = input.channel_id.toLowerCase();
  const acceptedBody = (ids: { conversation_id: string; contact_id: string }): MessageAccepted => ({
    id: messageId,
    status: 'queued',
    channel_id: channelId,
    ...ids,
    ...('waId' in identity ? { to: identity.waId } : { recipient: identity.userId }),
    type,
    priority: input.priority,
    ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
    fallback_template_used: fallbackUsed,
    ...(idempotencyKey === undefined ? {} : { idempotency_key: idempotencyKey }),
    trace_id: request.traceId,
    created_at: now.toISOString(),
  });
  const values = (): AcceptValues => {
    // The statement adds conversation_id and contact_id to the stored body (it finds them).
    const { conversation_id: _c, contact_id: _k, ...storedBody } = acceptedBody({ conversation_id: '', contact_id: '' });
    return {
      workspaceId,
      channelId,
      identity,
      needsWindow: requiresOpenWindow(type),
      now,
      messageId,
      type,
      contentEnc,
      priority: input.priority,
      traceId: request.traceId,
      source: request.source ?? 'api',
      metadata: input.metadata,
      eventId: newEventId(now.getTime()),
      eventMetaPayload: fallbackUsed
        ? { fallback_template: { requested_type: input.type, reason: 'outside_customer_service_window' } }
        : null,
      sendOutboxId: newEventId(now.getTime()),
      customerOutboxId: newEventId(now.getTime()),
      ...(idempotencyKey === undefined
        ? {}
        : {
            idempotency: {
              key: idempotencyKey,
              recordId: newEventId(now.getTime()),
              requestHash: fingerprint,
              responseBody: storedBody,
              expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
            },
          }),
    };
  };

  // At most: the first try, after creating the recipient, with the fallback template, after a key race.
  for (let round = 0; round < 4; round += 1) {
    const row = await accept(deps.sql, values());

    if (idempotencyKey !== undefined) {
      if (row.prior_request_hash !== null && row.prior_expires_at !== null && row.prior_expires_at.getTime() > now.getTime()) {
        return storedResponse(
          { request_hash: row.prior_request_hash, state: row.prior_state ?? '', response_status: row.prior_response_status, response_body: row.prior_response_body, expires_at: row.prior_expires_at },
          idempotencyKey, fingerprint,
        );
      }
    }
    if (row.channel_status === null) throw new AppError('not_found', `Channel ${input.channel_id} not found`);
    if (row.channel_status !== 'active') {
      throw new AppError('unprocessable', `Channel ${input.channel_id} is disabled`, {
        details: [{ field: 'channel_id', message: 'channel is disabled' }],
      });
    }
    if (row.inserted === 1) {
      await dispatch(deps, { messageId, workspaceId, channelId, priority: input.priority });
      return { httpStatus: 202, body: acceptedBody({ conversation_id: row.conversation_id ?? '', contact_id: row.contact_id ?? '' }), replayed: false };
    }
    if (row.conversation_id === null) {
      await createMissingRecipient(deps.sql, workspaceId, channelId, identity, now);
      continue;
    }
    if (requiresOpenWindow(type) && !isWindowOpen(row.window_expires_at, now)) {
      if (input.fallback_template === undefined) {
        throw new AppError(
          'outside_customer_service_window',
          'The 24-hour customer service window with this contact is closed: send a template, or give fallback_template',
          { details: { window_expires_at: row.window_expires_at?.toISOString() ?? null, conversation_id: row.conversation_id } },
        );
      }
      type = 'template';
      contentEnc = deps.secretBox.encryptJson({ [type]: input.fallback_template });
      fallbackUsed = true;
      continue;
    }
    if (idempotencyKey !== undefined) {
      if (row.locked === false) throw inUse(idempotencyKey);
      // The key's record was committed after this statement's snapshot: read it now.
      const stored = await readRecord(deps.sql, workspaceId, idempotencyKey);
      if (stored && stored.expires_at.getTime() > now.getTime()) return storedResponse(stored, idempotencyKey, fingerprint);
      throw inUse(idempotencyKey);
    }
    // Unreachable: every reason the statement can write nothing is handled above.
    throw new Error(`sendMessage: message ${messageId} was not written and no reason was found`);
  }
  throw new Error(`sendMessage: message ${messageId} was not written after retries`);
}

async function accept(sql: SqlPool, values: AcceptValues): Promise<AcceptRow> {
  let result;
  try {
    result = await sql.query<AcceptRow>(acceptStatement(values));
  } catch (error) {
    throw translateWriteError(error, values.idempotency?.key);
  }
  const row = result.rows[0];
  if (!row) throw new Error('sendMessage: the accept statement returned no row');
  return row;
}

async function dispatch(deps: SendMessageDeps, job: Parameters<OutboundDispatcher['dispatchOutbound']>[0]): Promise<void> {
  try {
    await deps.dispatcher.dispatchOutbound(job);
  } catch (error) {
    deps.onDispatchError?.(error, job.messageId);
  }
}

async function readRecord(sql: SqlPool, workspaceId: string, key: string): Promise<IdempotencyRecordRow | undefined> {
  const result = await sql.query<IdempotencyRecordRow>({
    name: 'sb_read_idempotency_record',
    text: `SELECT request_hash, state::text AS state, response_status, response_body, expires_at
      FROM idempotency_records WHERE workspace_id = $1 AND key = $2`,
    values: [workspaceId, key],
  });
  return result.rows[0];
}

function inUse(key: string): AppError {
  return new AppError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed; retry shortly', {
    details: { idempotency_key: key },
    retryAfterSeconds: 1,
  });
}

/** The stored response for a live record with this key, or 422 when the key was used with another body. */
function storedResponse(record: IdempotencyRecordRow, key: string, fingerprint: string): SendMessageResult {
  if (record.request_hash !== fingerprint) {
    throw new AppError('idempotency_key_mismatch', 'This Idempotency-Key was already used with a different request body', {
      details: { idempotency_key: key },
    });
  }
  if (record.state !== 'done' || record.response_status === null) throw inUse(key);
  return { httpStatus: record.response_status, body: record.response_body as MessageAccepted, replayed: true };
}

/** Maps the database failures a client can cause or retry into AppErrors; anything else stays a 500. */
function translateWriteError(error: unknown, idempotencyKey: string | undefined): unknown {
  const code = (error as { code?: unknown }).code;
  // The unique (workspace, key) index caught a race the advisory lock did not (only possible across a lock-hash collision).
  if (code === '23505' && idempotencyKey !== undefined) return inUse(idempotencyKey);
  // No pooled connection in time: overload, not a bug.
  if (error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message)) {
    return new AppError('service_unavailable', 'The database is busy; retry shortly', { retryAfterSeconds: 1, cause: error });
  }
  return error;
}
