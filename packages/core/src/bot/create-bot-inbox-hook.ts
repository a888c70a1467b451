import type { Prisma, PrismaClient, SecretBox } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import { newRowId } from '../inbound/new-row-id';
import type { OnInboundMessage } from '../inbound/on-inbound-message';
import { holdInboxShared } from './conversation-locks';
import { findChannelBot, type ChannelBot } from './find-channel-bot';
import { normalizeInboundContent } from './normalize-inbound-content';

/** A turn to run for a conversation: enqueued after a message is stored (delayed by the burst window). */
export interface TurnRequest {
  conversationId: string;
  /** The stored input that asked for it; makes the job id deterministic. */
  inputId: string;
  delayMs: number;
  traceId: string;
}

export interface BotInboxHookDeps {
  secretBox: SecretBox;
  logger: Logger;
  /** Hands the turn to the queue. May fail (Redis down): the runtime's sweep picks the input up. */
  requestTurn: (request: TurnRequest) => Promise<void>;
  /**
   * Enables the hook's one-statement form (the inbound hot path): the channel's bot is looked up on
   * this client before the statement, and the turn is asked for after its commit.
   */
  db?: PrismaClient;
  /**
   * After the one-statement path committed an input: run or enqueue its turn. Must not throw.
   * Default: `requestTurn`, a failure logged (the sweep runs the input).
   */
  turnAfterCommit?: (request: TurnRequest) => void;
  /** How long a channel's bot lookup is reused (ms). Default 2000; 0 disables the cache. */
  botCacheTtlMs?: number;
  /** How long to wait for the queue before leaving the input to the sweep (ms). Default 250. */
  enqueueTimeoutMs?: number;
  now?: () => number;
}

/**
 * The bot runtime's inbound hook. Inside the transaction that stores an
 * inbound message it records a `bot_turn_inputs` row (so the input exists
 * exactly when the message does, and never for a duplicate wamid) under the
 * conversation's shared inbox lock, then asks for a turn. Conversations owned
 * by a human, and channels without an enabled bot (flow or agent), get no input.
 */
export function createBotInboxHook(deps: BotInboxHookDeps): OnInboundMessage {
  const ttl = deps.botCacheTtlMs ?? 2000;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { bot: ChannelBot | null; at: number }>();
  const enqueueTimeoutMs = deps.enqueueTimeoutMs ?? 250;

  const botOf = async (db: Prisma.TransactionClient | PrismaClient, channelId: string): Promise<ChannelBot | null> => {
    let cached = cache.get(channelId);
    if (!cached || now() - cached.at >= ttl) {
      cached = { bot: await findChannelBot(db, channelId), at: now() };
      if (ttl > 0) cache.set(channelId, cached);
    }
    return cached.bot;
  };

  const hook: OnInboundMessage = async (message) => {
    if (message.conversationOwner === 'human') return;
    const bot = await botOf(message.tx, message.channelId);
    if (!takesInputs(bot)) return;

    await holdInboxShared(message.tx, message.conversationId);
    // received_at is copied in SQL, keeping the webhook's microseconds (a JS Date has milliseconds):
    // turns answer in that order, so two webhooks a few µs apart are still told apart.
    const input = { id: newRowId() };
    await message.tx.$executeRaw`
      INSERT INTO bot_turn_inputs (id, workspace_id, conversation_id, message_id, bot_id, wamid, trace_id, content_enc, received_at)
      SELECT ${input.id}::uuid, ${message.workspaceId}::uuid, ${message.conversationId}::uuid, ${message.messageId}::uuid, ${bot.id}::uuid,
        ${message.wamid}, ${message.traceId}, ${deps.secretBox.encryptJson(normalizeInboundContent(message.event.content))},
        coalesce((SELECT received_at FROM inbound_webhooks WHERE id = ${message.inboundWebhookId}::uuid), now())`;
    // The job may start before this transaction commits: the turn then waits at the inbox barrier.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue did not answer within ${enqueueTimeoutMs} ms`)), enqueueTimeoutMs);
    });
    try {
      await Promise.race([
        deps.requestTurn({
          conversationId: message.conversationId,
          inputId: input.id,
          delayMs: bot.settings.burstWindowMs,
          traceId: message.traceId,
        }),
        timeout,
      ]);
    } catch (error) {
      deps.logger.warn(
        { conversation_id: message.conversationId, err: (error as Error).message },
        'could not enqueue the bot turn; the bot sweep will run it',
      );
    } finally {
      clearTimeout(timer);
    }
  };

  const { db } = deps;
  if (db) {
    const afterCommit =
      deps.turnAfterCommit ??
      ((request: TurnRequest) => {
        deps.requestTurn(request).catch((error: Error) =>
          deps.logger.warn({ conversation_id: request.conversationId, err: error.message }, 'could not enqueue the bot turn; the bot sweep will run it'),
        );
      });
    hook.oneStatement = {
      async plan({ channelId, event }) {
        const bot = await botOf(db, channelId);
        if (!takesInputs(bot)) return null;
        return { botId: bot.id, contentEnc: deps.secretBox.encryptJson(normalizeInboundContent(event.content)), delayMs: bot.settings.burstWindowMs };
      },
      recorded(input) {
        afterCommit({ conversationId: input.conversationId, inputId: input.inputId, delayMs: input.delayMs, traceId: input.traceId });
      },
    };
  }
  return hook;
}

/** Whether a channel's bot gets inputs: an enabled bot in flow mode. */
// Flow and agent bots both answer from recorded inputs (the agent turn reads the same rows).
function takesInputs(bot: ChannelBot | null): bot is ChannelBot {
  return bot !== null;
}
