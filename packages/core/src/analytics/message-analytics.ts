import type { PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { analyticsPeriodSchema, daysOf, type AnalyticsPeriod } from './analytics-period';

const outboundStatuses = ['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired'] as const;
type OutboundStatus = (typeof outboundStatuses)[number];

const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();

/** Messages per UTC day: inbound (always `received`) and outbound by status. */
export const messageDaySchema = z.object({
  day: z.string(),
  inbound: count,
  outbound: z.object(Object.fromEntries(outboundStatuses.map((s) => [s, count])) as Record<OutboundStatus, typeof count>),
});

/** What the analytics page shows about messages for one period (and channel). */
export const messageAnalyticsSchema = z.object({
  period: analyticsPeriodSchema,
  days: z.array(messageDaySchema),
  totals: z.object({
    inbound: count,
    outbound: count,
    /** Outbound messages Meta accepted or that failed or expired: the ones whose delivery is decided or under way at Meta. */
    settled: count,
    delivered: count,
    read: count,
    failed: count,
  }),
  /** delivered (or read) / settled, and read / delivered; null when nothing to divide by. */
  deliveryRate: rate,
  readRate: rate,
  /** Median wait from a contact's message to the first outbound message after it in the conversation. */
  replyTime: z.object({ medianMs: z.number().nonnegative().nullable(), replies: count }),
});
export type MessageAnalytics = z.infer<typeof messageAnalyticsSchema>;

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * Message counts per day by direction and status, delivery and read rates and the median time to
 * reply, for one workspace, period and optional channel. Every figure is a Postgres aggregate over
 * the (workspace_id, created_at) or (workspace_id, channel_id, created_at) index range.
 */
export async function messageAnalytics(
  prisma: PrismaClient,
  workspaceId: string,
  period: AnalyticsPeriod,
  channelId?: string,
): Promise<MessageAnalytics> {
  const channel = channelId ?? null;
  const [perDay, replies] = await Promise.all([
    prisma.$queryRaw<{ day: string; direction: 'inbound' | 'outbound'; status: string; n: number }[]>`
      SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, direction::text AS direction, status::text AS status, count(*)::int AS n
      FROM messages
      WHERE workspace_id = ${workspaceId}::uuid AND created_at >= ${period.from} AND created_at < ${period.to}
        AND (${channel}::uuid IS NULL OR channel_id = ${channel}::uuid)
      GROUP BY 1, 2, 3`,
    // A wait starts at the first of the contact's messages a reply answers: consecutive messages
    // before one reply are one wait, measured from the earliest.
    prisma.$queryRaw<{ median_ms: number | null; replies: number }[]>`
      WITH asked AS (
        SELECT m.created_at AS asked_at, r.id AS reply_id, r.created_at AS replied_at
        FROM messages m
        CROSS JOIN LATERAL (
          SELECT o.id, o.created_at FROM messages o
          WHERE o.conversation_id = m.conversation_id AND o.direction = 'outbound' AND o.created_at > m.created_at
          ORDER BY o.created_at LIMIT 1
        ) r
        WHERE m.workspace_id = ${workspaceId}::uuid AND m.direction = 'inbound' AND m.conversation_id IS NOT NULL
          AND m.created_at >= ${period.from} AND m.created_at < ${period.to}
          AND (${channel}::uuid IS NULL OR m.channel_id = ${channel}::uuid)
      ), waits AS (
        SELECT extract(epoch FROM max(replied_at) - min(asked_at)) * 1000 AS ms FROM asked GROUP BY reply_id
      )
      SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::float8 AS median_ms, count(*)::int AS replies FROM waits`,
  ]);

  const byDay = new Map(daysOf(period).map((day) => [day, emptyDay(day)]));
  const totals = { inbound: 0, outbound: 0, settled: 0, delivered: 0, read: 0, failed: 0 };
  for (const row of perDay) {
    const day = byDay.get(row.day) ?? emptyDay(row.day);
    byDay.set(row.day, day);
    if (row.direction === 'inbound') {
      day.inbound += row.n;
      totals.inbound += row.n;
      continue;
    }
    const status = row.status as OutboundStatus;
    day.outbound[status] += row.n;
    totals.outbound += row.n;
    if (['sent', 'delivered', 'read', 'failed', 'expired'].includes(status)) totals.settled += row.n;
    if (status === 'delivered' || status === 'read') totals.delivered += row.n;
    if (status === 'read') totals.read += row.n;
    if (status === 'failed' || status === 'expired') totals.failed += row.n;
  }
  const reply = replies[0];
  return {
    period,
    days: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    totals,
    deliveryRate: ratio(totals.delivered, totals.settled),
    readRate: ratio(totals.read, totals.delivered),
    replyTime: { medianMs: reply?.median_ms ?? null, replies: reply?.replies ?? 0 },
  };
}

function emptyDay(day: string): z.infer<typeof messageDaySchema> {
  return { day, inbound: 0, outbound: Object.fromEntries(outboundStatuses.map((s) => [s, 0])) as Record<OutboundStatus, number> };
}
