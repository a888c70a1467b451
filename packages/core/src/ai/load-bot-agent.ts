import { agentSettingsSchema, type AgentSettings, type ChatProviderConfig } from '@switchboard/ai-agent';
import type { PrismaClient, SecretBox } from '@switchboard/db';
import { AppError } from '../app-error';
import { zodIssuesToDetails } from '../zod-issues';
import { parseAgentSettings } from './agent-bot-settings';
import { loadAiProvider } from './ai-provider';

/**
 * A bot's agent configuration and its workspace's provider, for evaluations
 * and the dashboard's test panel. `override` replaces the stored agent
 * settings (to try a prompt change before saving it).
 */
export async function loadBotAgent(
  prisma: PrismaClient,
  secretBox: SecretBox,
  botId: string,
  override?: unknown,
): Promise<{ workspaceId: string; settings: AgentSettings; provider: ChatProviderConfig }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(botId)) throw new AppError('bad_request', 'the bot id must be a uuid');
  const bot = await prisma.bot.findUnique({ where: { id: botId }, select: { workspaceId: true, settings: true } });
  if (!bot) throw new AppError('not_found', `bot ${botId} not found`);
  let settings: AgentSettings;
  if (override !== undefined) {
    const parsed = agentSettingsSchema.safeParse(override);
    if (!parsed.success) throw new AppError('validation_failed', 'invalid agent settings', { details: zodIssuesToDetails(parsed.error) });
    settings = parsed.data;
  } else {
    const parsed = parseAgentSettings(bot.settings);
    if (!parsed.ok) throw new AppError('validation_failed', 'the bot has no valid agent settings', { details: parsed.problems });
    settings = parsed.settings;
  }
  const provider = await loadAiProvider(prisma, secretBox, bot.workspaceId);
  if (!provider) throw new AppError('unprocessable', 'the workspace has no AI provider configured');
  return { workspaceId: bot.workspaceId, settings, provider };
}
