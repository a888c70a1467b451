import { AppError } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { checkBotLinks } from './bot-access';
import { updateBotInput, updateBotOutput } from './update.schema';

/** Changes a bot's name, mode, channel, flow or enabled flag (editors and up); audited with the changed fields. */
export const updateBot = roleProcedure('editor')
  .input(updateBotInput)
  .output(updateBotOutput)
  .mutation(async ({ ctx, input }) => {
    const workspaceId = ctx.workspace.id;
    const { botId, workspaceId: _ignored, ...changes } = input;
    await checkBotLinks(ctx.prisma, workspaceId, changes);
    return ctx.prisma.$transaction(async (tx) => {
      const { count } = await tx.bot.updateMany({ where: { id: botId, workspaceId }, data: changes });
      if (count === 0) throw new AppError('not_found', 'Bot not found.');
      await tx.auditLog.create({
        data: { workspaceId, actorType: 'user', actorId: ctx.session.userId, action: 'bot.updated', targetType: 'bot', targetId: botId, data: changes },
      });
      return { id: botId };
    });
  });
