import { z } from 'zod';
import { AppError } from '../app-error';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest period analytics reads at once: every query stays bounded however old the workspace is. */
export const MAX_ANALYTICS_DAYS = 90;
/** The period shown when none is chosen. */
export const DEFAULT_ANALYTICS_DAYS = 14;

/** What the dashboard asks for: a period (defaults to the last 14 days) and optionally one channel. */
export const analyticsFilterSchema = z.object({
  from: z.date().optional(),
  to: z.date().optional(),
  channelId: z.uuid().optional(),
});
export type AnalyticsFilter = z.infer<typeof analyticsFilterSchema>;

/** The period a query actually reads: `[from, to)` in UTC, at most MAX_ANALYTICS_DAYS long. */
export const analyticsPeriodSchema = z.object({ from: z.date(), to: z.date(), clamped: z.boolean() });
export type AnalyticsPeriod = z.infer<typeof analyticsPeriodSchema>;

/**
 * Resolves the filter's period: `to` defaults to now, `from` to 14 days before `to`; a longer
 * period than 90 days is cut to the 90 days before `to` (and says so). A period that ends before it
 * starts is a 400.
 */
export function resolveAnalyticsPeriod(filter: Pick<AnalyticsFilter, 'from' | 'to'>, now: Date, maxDays = MAX_ANALYTICS_DAYS): AnalyticsPeriod {
  const to = filter.to ?? now;
  const from = filter.from ?? new Date(to.getTime() - DEFAULT_ANALYTICS_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('validation_failed', 'from: must be before to', { details: [{ field: 'from', message: 'must be before to' }] });
  }
  const earliest = to.getTime() - maxDays * DAY_MS;
  return from.getTime() < earliest ? { from: new Date(earliest), to, clamped: true } : { from, to, clamped: false };
}

/** The UTC days (`YYYY-MM-DD`) a period touches, oldest first, so charts show empty days too. */
export function daysOf(period: Pick<AnalyticsPeriod, 'from' | 'to'>): string[] {
  const days: string[] = [];
  const start = Date.UTC(period.from.getUTCFullYear(), period.from.getUTCMonth(), period.from.getUTCDate());
  for (let t = start; t < period.to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
