import type { Prisma, PrismaClient } from '@switchboard/db';
import { parseBotSettings, type BotSettings } from './bot-settings';

/** The bot that answers a channel: its flow, mode and parsed settings. */
export interface ChannelBot {
  id: string;
  workspaceId: string;
  mode: 'flow' | 'agent';
  activeFlowId: string | null;
  settings: BotSettings;
}

/**
 * The enabled bot of a channel (the oldest, when several are attached), or
 * null. A conversation pinned to a bot (`conversations.bot_id`) uses that one.
 */
export async function findChannelBot(
  db: PrismaClient | Prisma.TransactionClient,
  channelId: string,
  pinnedBotId?: string | null,
): Promise<ChannelBot | null> {
  const select = { id: true, workspaceId: true, mode: true, activeFlowId: true, settings: true } as const;
  const bot = pinnedBotId
    ? await db.bot.findFirst({ where: { id: pinnedBotId, enabled: true }, select })
    : await db.bot.findFirst({ where: { channelId, enabled: true }, orderBy: { createdAt: 'asc' }, select });
  return bot ? { ...bot, settings: parseBotSettings(bot.settings) } : null;
}
