import { roleProcedure } from '../../init';
import { checkBotLinks } from './bot-access';
import { createBotInput, createBotOutput } from './create.schema';

/** Creates a bot (editors and up), optionally attached to a channel and a flow; audited. */
export const createBot = roleProcedure('editor')
  .input(createBotInput)
  .output(createBotOutput)
  .mutation(async ({ ctx, input }) => {
    const workspaceId = ctx.workspace.id;
    await checkBotLinks(ctx.prisma, workspaceId, input);
    return ctx.prisma.$transaction(async (tx) => {
      const bot = await tx.bot.create({
        data: { workspaceId, name: input.name, mode: input.mode, channelId: input.channelId, activeFlowId: input.activeFlowId, enabled: input.enabled },
        select: { id: true },
      });
      await tx.auditLog.create({
        data: { workspaceId, actorType: 'user', actorId: ctx.session.userId, action: 'bot.created', targetType: 'bot', targetId: bot.id, data: { mode: input.mode } },
      });
      return bot;
    });
  });
