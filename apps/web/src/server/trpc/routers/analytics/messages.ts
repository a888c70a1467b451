import { messageAnalytics, resolveAnalyticsPeriod } from '@switchboard/core';
import { workspaceProcedure } from '../../init';
import { analyticsInput, messageAnalyticsOutput } from './analytics.schema';

/** Messages per day by direction and status, delivery and read rates and the median time to reply. */
export const analyticsMessages = workspaceProcedure
  .input(analyticsInput)
  .output(messageAnalyticsOutput)
  .query(({ ctx, input }) => messageAnalytics(ctx.prisma, ctx.workspace.id, resolveAnalyticsPeriod(input, new Date()), input.channelId));
