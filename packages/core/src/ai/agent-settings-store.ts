import { agentSettingsSchema, type AgentSettings } from '@switchboard/ai-agent';
import type { Prisma, PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';
import { parseAgentSettings } from './agent-bot-settings';

async function findBot(prisma: PrismaClient, workspaceId: string, botId: string) {
  const bot = await prisma.bot.findFirst({ where: { id: botId, workspaceId }, select: { id: true, mode: true, settings: true } });
  if (!bot) throw new AppError('not_found', 'Bot not found.');
  return bot;
}

/** A bot's agent settings (null when it has none), with the problems of stored settings that no longer validate. */
export async function getBotAgentSettings(
  prisma: PrismaClient,
  workspaceId: string,
  botId: string,
): Promise<{ mode: 'flow' | 'agent'; settings: AgentSettings | null; problems: { field: string; message: string }[] }> {
  const bot = await findBot(prisma, workspaceId, botId);
  const parsed = parseAgentSettings(bot.settings);
  const hasAgent = typeof bot.settings === 'object' && bot.settings !== null && 'agent' in bot.settings;
  return { mode: bot.mode, settings: parsed.ok ? parsed.settings : null, problems: parsed.ok || !hasAgent ? [] : parsed.problems };
}

/** Validates and stores a bot's agent settings (`bots.settings.agent`), keeping its other settings. */
export async function saveBotAgentSettings(prisma: PrismaClient, workspaceId: string, botId: string, input: unknown): Promise<AgentSettings> {
  const parsed = agentSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const details = zodIssuesToDetails(parsed.error);
    // The fields are in the message too: the dashboard shows the message.
    const summary = details.slice(0, 5).map((d) => `${d.field}: ${d.message}`).join('; ');
    throw new AppError('validation_failed', `Invalid agent settings: ${summary}`, { details });
  }
  const bot = await findBot(prisma, workspaceId, botId);
  const current = typeof bot.settings === 'object' && bot.settings !== null && !Array.isArray(bot.settings) ? (bot.settings as Prisma.JsonObject) : {};
  await prisma.bot.update({ where: { id: bot.id }, data: { settings: { ...current, agent: parsed.data as unknown as Prisma.InputJsonObject } } });
  return parsed.data;
}
