import { promoteHeldReplies, type OutboundDispatcher, type SqlPool } from '@switchboard/core';
import type { Logger } from '@switchboard/observability';

/**
 * Watches conversations that hold bot replies and promotes the next one as
 * soon as the previous reply left the pipeline (Meta accepted it, or it
 * failed). Checks only while something is held: every `pollMs` (a reply
 * another worker sends), and at once when this worker's send step settles
 * the reply a held one waits for (`settled`), so the common case does not
 * wait for the poll. Each check is one statement for all watched
 * conversations (`promoteHeldReplies`).
 */
export function startReplyChainDriver(deps: {
  sql: SqlPool;
  dispatcher: OutboundDispatcher;
  logger: Logger;
  pollMs: number;
  onPromoted: () => void;
}) {
  const watched = new Set<string>();
  // Replies in flight that a watched conversation waits for (message id → conversation).
  const awaited = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const tick = async () => {
    const outcomes = await promoteHeldReplies(deps.sql, [...watched]);
    for (const outcome of outcomes) {
      if (outcome.kind === 'empty' || (outcome.kind === 'promoted' && !outcome.remaining)) watched.delete(outcome.conversationId);
      if (outcome.kind !== 'promoted') continue;
      deps.onPromoted();
      if (outcome.remaining) awaited.set(outcome.dispatch.messageId, outcome.conversationId);
      // The outbox relay re-dispatches if this hand-off fails.
      await deps.dispatcher.dispatchOutbound(outcome.dispatch).catch((error: Error) =>
        deps.logger.warn({ message_id: outcome.dispatch.messageId, err: error.message }, 'dispatch of a promoted bot reply failed; the outbox relay will send it'),
      );
    }
    // Replies sent by another worker are never reported here: forget them with their conversation.
    for (const [messageId, conversationId] of awaited) if (!watched.has(conversationId)) awaited.delete(messageId);
  };
  // One check at a time; a request during a check runs one more right after it.
  const check = () => {
    if (stopped || watched.size === 0) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    timer = undefined;
    running = tick()
      .catch((error: Error) => deps.logger.warn({ err: error.message }, 'reply chain check failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          check();
        } else schedule();
      });
  };
  const schedule = () => {
    if (stopped || timer || running || watched.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      check();
    }, deps.pollMs);
  };

  return {
    /** Starts watching a conversation that holds replies (behind `inFlight`, when the caller just queued it). */
    watch(conversationId: string, inFlight?: string) {
      watched.add(conversationId);
      if (inFlight) awaited.set(inFlight, conversationId);
      schedule();
    },
    /** This worker's send step finished a message (sent, failed, expired): if a held reply waits for it, check now. */
    settled(messageId: string) {
      const conversationId = awaited.get(messageId);
      if (conversationId === undefined) return;
      awaited.delete(messageId);
      if (watched.has(conversationId)) check();
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
