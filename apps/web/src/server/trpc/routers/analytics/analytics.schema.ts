import { aiUsageAnalyticsSchema, analyticsFilterSchema, analyticsPeriodSchema, flowFunnelSchema, funnelVersionSchema, messageAnalyticsSchema } from '@switchboard/core';
import { z } from 'zod';

export const analyticsInput = analyticsFilterSchema.extend({ workspaceId: z.uuid().optional() });
export const messageAnalyticsOutput = messageAnalyticsSchema;
export const aiUsageOutput = aiUsageAnalyticsSchema.extend({ period: analyticsPeriodSchema });

export const funnelInput = analyticsInput.extend({ flowVersionId: z.uuid().optional() });
export const funnelOutput = z.object({
  period: analyticsPeriodSchema,
  /** Published versions to choose from, newest first. */
  versions: z.array(funnelVersionSchema),
  /** The chosen version's funnel (the newest version when none is chosen); null when nothing is published. */
  funnel: flowFunnelSchema.nullable(),
});
