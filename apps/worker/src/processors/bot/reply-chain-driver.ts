import { conversationsReadyToPromote, promoteNextBotReply, type OutboundDispatcher } from '@switchboard/core';
import type { PrismaClient } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';

/**
 * Watches conversations that hold bot replies and promotes the next one as
 * soon as the previous reply left the pipeline (Meta accepted it, or it
 * failed). Polls only while something is held.
 */
export function startReplyChainDriver(deps: {
  prisma: PrismaClient;
  dispatcher: OutboundDispatcher;
  logger: Logger;
  pollMs: number;
  onPromoted: () => void;
}) {
  const watched = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    const ready = await conversationsReadyToPromote(deps.prisma, [...watched]);
    await Promise.all(
      ready.map(async (conversationId) => {
        const outcome = await promoteNextBotReply(deps.prisma, conversationId);
        if (outcome.kind === 'empty') {
          watched.delete(conversationId);
          return;
        }
        if (outcome.kind !== 'promoted') return;
        deps.onPromoted();
        if (!outcome.remaining) watched.delete(conversationId);
        // The outbox relay re-dispatches if this hand-off fails.
        await deps.dispatcher.dispatchOutbound(outcome.dispatch).catch((error: Error) =>
          deps.logger.warn({ message_id: outcome.dispatch.messageId, err: error.message }, 'dispatch of a promoted bot reply failed; the outbox relay will send it'),
        );
      }),
    );
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = tick()
        .catch((error: Error) => deps.logger.warn({ err: error.message }, 'reply chain check failed'))
        .finally(() => {
          if (watched.size > 0) schedule();
        });
    }, deps.pollMs);
  };

  return {
    /** Starts watching a conversation that holds replies. */
    watch(conversationId: string) {
      watched.add(conversationId);
      schedule();
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
