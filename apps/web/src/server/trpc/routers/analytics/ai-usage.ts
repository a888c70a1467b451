import { aiUsageAnalytics, resolveAnalyticsPeriod } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { aiUsageOutput, analyticsInput } from './analytics.schema';

/** Model tokens per day and their cost for bots with a price. */
export const analyticsAiUsage = workspaceProcedure
  .input(analyticsInput)
  .output(aiUsageOutput)
  .query(async ({ ctx, input }) => {
    const period = resolveAnalyticsPeriod(input, new Date());
    return { period, ...(await aiUsageAnalytics(ctx.prisma, ctx.workspace.id, period, input.channelId)) };
  });
