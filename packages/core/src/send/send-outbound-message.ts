import type { MessageStatus, SecretBox } from '@switchboard/db';
import type { OutgoingMessageInput } from '@switchboard/whatsapp';
import type { SqlPool } from '../ports/sql-pool';
import { createChannelClientCache } from './channel-client-cache';
import { classifySendFailure, type SendErrorInfo } from './classify-send-failure';
import { isPastGiveUp, planRetry, type RetryPolicy } from './retry-policy';
import { createStepReader } from './step-reader';
import { createTransitionBatcher } from './transition-batcher';
import type { MessageTransition } from './transition-message';

/** What the send needs from the scheduler (implemented on Redis by the worker). */
export interface OutboundPacingPort {
  /** Tells the scheduler a channel's throughput tier, so it paces that number. */
  channelSeen(channelId: string, throughputMps: number): Promise<void>;
  /** Reserves the next (number, recipient) slot; a time at or before now means send now. */
  reserveRecipientSlot(channelId: string, recipient: string): Promise<number>;
}

export interface OutboundSendDeps {
  /** Plain pg pool: the step's three statements (read, claim, outcome) skip Prisma (docs/performance.md). */
  sql: SqlPool;
  secretBox: SecretBox;
  policy: RetryPolicy;
  graph: { baseUrl: string; apiVersion: string; timeoutMs: number; fetch?: typeof fetch };
  pacing: OutboundPacingPort;
  /** Pause after a throttle answer that named no delay: the number (130429) and the recipient pair (131056). */
  throttle?: { numberDelayMs: number; recipientDelayMs: number };
  clock?: () => Date;
  random?: () => number;
}

export interface OutboundSendRequest {
  messageId: string;
  /** A recipient slot was already reserved for this message (it was deferred to it). */
  recipientSlotReserved?: boolean;
  /** Aborts the Graph call (worker shutdown); the attempt then counts as ambiguous. */
  signal?: AbortSignal;
}

/** What the scheduler should do next with the message; `attempt` is set when this step called Graph. */
export type OutboundSendResult = (
  | { kind: 'done'; outcome: 'sent' | 'failed' | 'expired' | 'settled' | 'missing' | 'lost_race' }
  | { kind: 'defer'; at: number; reason: 'retry' | 'ambiguous' | 'not_due' | 'recipient_pacing' | 'in_flight'; recipientSlotReserved?: boolean }
  | { kind: 'throttle'; scope: 'number' | 'recipient'; until: number; recipient: string }
) & { attempt?: number };

const sendable = new Set<MessageStatus>(['accepted', 'queued', 'sending']);

// Slots this close are not worth a round trip through the delayed set.
const PACING_SLACK_MS = 20;

/** Creates the send use-case with a cache of Graph clients per channel (rebuilt when the channel row changes). */
export function createOutboundSender(deps: OutboundSendDeps) {
  const clock = deps.clock ?? (() => new Date());
  const throttle = deps.throttle ?? { numberDelayMs: 1000, recipientDelayMs: 6000 };
  const clientFor = createChannelClientCache(deps);
  // Claims and outcomes of steps running at the same time share statements (transition-batcher.ts).
  const transitionMessage = createTransitionBatcher(deps.sql);
  const readStep = createStepReader(deps.sql);

  // A write after Meta answered must not be lost to a brief database hiccup: that would turn a known
  // outcome into an ambiguous one.
  const persist = async (t: MessageTransition): Promise<boolean> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await transitionMessage(t);
      } catch (error) {
        if (attempt >= 4) throw error;
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  };

  /**
   * Runs one step for a scheduled message (design §3.2): settles or defers it, or moves it
   * `queued → sending(n)` by compare-and-set, calls Graph with our id as biz_opaque_callback_data,
   * and records the outcome. Never sends a message whose previous attempt may still land, unless the
   * ambiguity wait ran out, and then flags it as a possible duplicate.
   */
  return async function sendOutboundMessage(request: OutboundSendRequest): Promise<OutboundSendResult> {
    const now = clock();
    const row = await readStep(request.messageId);
    const m = row && {
      id: row.id, direction: row.direction, type: row.type, contentEnc: row.content_enc, status: row.status, attempts: row.attempts,
      transientFailures: row.transient_failures, nextAttemptAt: row.next_attempt_at, createdAt: row.created_at,
      channel: {
        id: row.channel_id, status: row.channel_status, deletedAt: row.channel_deleted_at, throughputMps: row.throughput_mps,
        updatedAt: row.channel_updated_at, accessTokenEnc: row.access_token_enc, graphBaseUrl: row.graph_base_url, phoneNumberId: row.phone_number_id,
      },
      contact: { waId: row.wa_id, userId: row.user_id },
    };
    if (!m || m.direction !== 'outbound') return { kind: 'done', outcome: 'missing' };
    if (!sendable.has(m.status)) return { kind: 'done', outcome: 'settled' };
    const from = { status: m.status, attempts: m.attempts };
    const settle = async (to: 'failed' | 'expired', info: SendErrorInfo, code: number | null = null): Promise<OutboundSendResult> => {
      const ok = await persist({
        messageId: m.id, from, to, at: now, attempts: m.attempts, nextAttemptAt: null,
        ...(to === 'failed' ? { failedAt: now } : {}),
        error: { code, info },
      });
      return { kind: 'done', outcome: ok ? to : 'lost_race' };
    };

    let possibleDuplicate = false;
    if (m.status === 'sending') {
      // Another worker is mid-call, or an ambiguous attempt still waits for Meta's status webhook.
      if (m.nextAttemptAt && m.nextAttemptAt > now) return { kind: 'defer', at: m.nextAttemptAt.getTime(), reason: 'in_flight' };
      possibleDuplicate = true;
    } else if (m.nextAttemptAt && m.nextAttemptAt.getTime() > now.getTime() + PACING_SLACK_MS) {
      return { kind: 'defer', at: m.nextAttemptAt.getTime(), reason: 'not_due' };
    }
    if (isPastGiveUp(deps.policy, m.createdAt, now)) {
      return settle('expired', { code: 'expired', title: 'Not sent within the retry period', message: 'The message could not be sent before the pipeline gave up on it.' });
    }
    const channel = m.channel;
    if (channel.deletedAt !== null || channel.status !== 'active') {
      return settle('failed', { code: 'channel_disabled', title: 'Channel disabled', message: `Channel ${channel.id} is disabled or deleted.` });
    }
    const to = m.contact?.waId ?? undefined;
    const recipientId = to === undefined ? (m.contact?.userId ?? undefined) : undefined;
    const recipient = to ?? recipientId;
    if (recipient === undefined) {
      return settle('failed', { code: 'no_recipient', title: 'No recipient', message: 'The message has no contact with a WhatsApp id or business-scoped user id.' });
    }

    await deps.pacing.channelSeen(channel.id, channel.throughputMps);
    if (!request.recipientSlotReserved) {
      const slot = await deps.pacing.reserveRecipientSlot(channel.id, recipient);
      if (slot > now.getTime() + PACING_SLACK_MS) return { kind: 'defer', at: slot, reason: 'recipient_pacing', recipientSlotReserved: true };
    }

    let content: Record<string, unknown>;
    try {
      content = deps.secretBox.decryptJson(m.contentEnc) as Record<string, unknown>;
      if (typeof content !== 'object' || content === null || Array.isArray(content)) throw new Error('content is not an object');
    } catch (error) {
      return settle('failed', { code: 'undecryptable_content', title: 'Content unreadable', message: (error as Error).message });
    }
    const body = {
      ...content,
      type: m.type,
      ...(to === undefined ? { recipient: recipientId } : { to }),
      biz_opaque_callback_data: m.id,
    } as OutgoingMessageInput;

    const attempt = m.attempts + 1;
    const claimed = await transitionMessage({
      messageId: m.id, from, to: 'sending', at: now, attempts: attempt,
      nextAttemptAt: new Date(now.getTime() + deps.policy.ambiguousWaitMs),
      possibleDuplicate,
      ...(possibleDuplicate ? { detail: { possible_duplicate: true, reason: `attempt ${m.attempts} had no known outcome after the ambiguity wait` } } : {}),
    });
    if (!claimed) return { kind: 'done', outcome: 'lost_race' };
    const sending = { status: 'sending' as const, attempts: attempt };

    let wamid: string;
    let messageStatus: string | undefined;
    try {
      const result = await clientFor(channel).sendMessage(body, request.signal ? { signal: request.signal } : {});
      wamid = result.wamid;
      messageStatus = result.messageStatus;
    } catch (error) {
      const after = clock();
      const f = classifySendFailure(error);
      const error_ = { code: f.errorCode, info: f.error };
      switch (f.kind) {
        case 'permanent': {
          await persist({ messageId: m.id, from: sending, to: 'failed', at: after, attempts: attempt, nextAttemptAt: null, failedAt: after, error: error_ });
          return { kind: 'done', outcome: 'failed', attempt };
        }
        case 'ambiguous': {
          const at = new Date(after.getTime() + deps.policy.ambiguousWaitMs);
          await persist({ messageId: m.id, from: sending, to: 'sending', at: after, attempts: attempt, nextAttemptAt: at, error: error_, detail: { ambiguous: true, next_attempt_at: at.toISOString() } });
          return { kind: 'defer', at: at.getTime(), reason: 'ambiguous', attempt };
        }
        case 'throttle': {
          const delay = f.delayMs ?? (f.scope === 'number' ? throttle.numberDelayMs : throttle.recipientDelayMs);
          const until = new Date(after.getTime() + delay);
          // Backpressure, not a failure: the retry table is untouched.
          await persist({ messageId: m.id, from: sending, to: 'queued', at: after, attempts: attempt, nextAttemptAt: until, error: error_, detail: { throttled: f.scope, next_attempt_at: until.toISOString() } });
          return { kind: 'throttle', scope: f.scope, until: until.getTime(), recipient, attempt };
        }
        case 'transient': {
          const failures = m.transientFailures + 1;
          const plan = planRetry(deps.policy, { failures, createdAt: m.createdAt, now: after, ...(deps.random ? { random: deps.random } : {}) });
          if (plan.kind === 'expire') {
            await persist({ messageId: m.id, from: sending, to: 'expired', at: after, attempts: attempt, transientFailures: failures, nextAttemptAt: null, error: error_ });
            return { kind: 'done', outcome: 'expired', attempt };
          }
          await persist({
            messageId: m.id, from: sending, to: 'queued', at: after, attempts: attempt, transientFailures: failures,
            nextAttemptAt: plan.at, error: error_, detail: { retry: plan.phase, next_attempt_at: plan.at.toISOString() },
          });
          return { kind: 'defer', at: plan.at.getTime(), reason: 'retry', attempt };
        }
      }
    }

    const at = clock();
    const moved = await persist({
      messageId: m.id, from: sending, to: 'sent', at, attempts: attempt, nextAttemptAt: null, wamid, sentAt: at, error: null,
      detail: { wamid, ...(messageStatus === undefined ? {} : { message_status: messageStatus }) },
    });
    if (!moved) {
      // Meta's status webhook got here first and moved the message on; keep the wamid it may lack.
      await deps.sql.query({ name: 'sb_keep_wamid', text: 'UPDATE messages SET wamid = $2 WHERE id = $1 AND wamid IS NULL', values: [m.id, wamid] });
    }
    return { kind: 'done', outcome: 'sent', attempt };
  };
}

/** The send step for one scheduled message (see createOutboundSender). */
export type SendOutboundMessage = ReturnType<typeof createOutboundSender>;
