import { AppError } from '@switchboard/core';
import type { Prisma } from '@switchboard/db';
import { roleProcedure } from '../../init';
import { emptyFlowDocument } from './flow-access';
import { createFlowInput, createFlowOutput } from './create.schema';
import { insertFlow } from './insert-flow';

/** A new flow holding only its Start block (editors), optionally attached to a bot of the workspace. */
export const createFlow = roleProcedure('editor')
  .input(createFlowInput)
  .output(createFlowOutput)
  .mutation(async ({ ctx, input }) => {
    if (input.botId) {
      const bot = await ctx.prisma.bot.findFirst({ where: { id: input.botId, workspaceId: ctx.workspace.id }, select: { id: true } });
      if (!bot) throw new AppError('not_found', 'Bot not found.');
    }
    return insertFlow(ctx.prisma, ctx.workspace.id, emptyFlowDocument(input.name) as unknown as Prisma.InputJsonValue, input.name, input.botId ?? null);
  });
