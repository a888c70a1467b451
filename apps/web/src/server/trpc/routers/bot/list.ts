import { workspaceProcedure } from '../../init';
import { listBotsInput, listBotsOutput, type BotSummary } from './list.schema';

/** Bots of the workspace, by name, with their channel, flow and whether they can answer. */
export const listBots = workspaceProcedure
  .input(listBotsInput)
  .output(listBotsOutput)
  .query(async ({ ctx }) => {
    const bots = await ctx.prisma.bot.findMany({
      where: { workspaceId: ctx.workspace.id },
      select: {
        id: true, name: true, mode: true, enabled: true, settings: true,
        channel: { select: { id: true, displayPhoneNumber: true, kind: true } },
        activeFlow: { select: { id: true, name: true, versions: { where: { kind: 'published' }, select: { version: true }, orderBy: { version: 'desc' }, take: 1 } } },
      },
      orderBy: { name: 'asc' },
    });
    return bots.map((bot): BotSummary => {
      const flow = bot.activeFlow ? { id: bot.activeFlow.id, name: bot.activeFlow.name, publishedVersion: bot.activeFlow.versions[0]?.version ?? null } : null;
      const hasAgent = typeof bot.settings === 'object' && bot.settings !== null && 'agent' in bot.settings;
      const status: BotSummary['status'] = !bot.enabled
        ? 'disabled'
        : !bot.channel
          ? 'no_channel'
          : bot.mode === 'agent'
            ? hasAgent ? 'live' : 'no_agent_settings'
            : !flow
              ? 'no_flow'
              : flow.publishedVersion === null ? 'unpublished' : 'live';
      return { id: bot.id, name: bot.name, mode: bot.mode, enabled: bot.enabled, channel: bot.channel, flow, status };
    });
  });
