import type { PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { daysOf, type AnalyticsPeriod } from './analytics-period';

const tokens = z.number().int().nonnegative();

/** Model tokens per UTC day and, for bots with a price, their cost in US dollars. */
export const aiUsageDaySchema = z.object({ day: z.string(), inputTokens: tokens, outputTokens: tokens, costUsd: z.number().nonnegative().nullable() });

export const aiUsageAnalyticsSchema = z.object({
  days: z.array(aiUsageDaySchema),
  totals: z.object({
    inputTokens: tokens,
    outputTokens: tokens,
    /** Null when no usage in the period came from a bot with a price. */
    costUsd: z.number().nonnegative().nullable(),
    /** Tokens of bots without `agent.pricing`: counted above, not priced. */
    unpricedTokens: tokens,
  }),
});
export type AiUsageAnalytics = z.infer<typeof aiUsageAnalyticsSchema>;

/**
 * AI usage per day: the tokens the agent and flow AI steps record on the inbound message a turn
 * answered (`metadata.ai_usage`, see docs/ai-agent.md), priced with the answering bot's
 * `agent.pricing` (US dollars per million tokens) when it has one.
 */
export async function aiUsageAnalytics(prisma: PrismaClient, workspaceId: string, period: AnalyticsPeriod, channelId?: string): Promise<AiUsageAnalytics> {
  const channel = channelId ?? null;
  // A price counts only when both are JSON numbers, so a hand-edited settings object prices nothing rather than failing the query.
  // Sums are float8: bigint would reach JavaScript as BigInt, int could overflow on a busy day.
  const rows = await prisma.$queryRaw<{ day: string; input: number; output: number; cost: number | null; unpriced: number }[]>`
    WITH usage AS (
      SELECT to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
        coalesce((m.metadata->'ai_usage'->>'input_tokens')::bigint, 0) AS input,
        coalesce((m.metadata->'ai_usage'->>'output_tokens')::bigint, 0) AS output,
        CASE WHEN jsonb_typeof(b.settings->'agent'->'pricing'->'inputPerMillionTokens') = 'number'
          AND jsonb_typeof(b.settings->'agent'->'pricing'->'outputPerMillionTokens') = 'number'
          THEN (b.settings->'agent'->'pricing'->>'inputPerMillionTokens')::numeric END AS price_in,
        CASE WHEN jsonb_typeof(b.settings->'agent'->'pricing'->'inputPerMillionTokens') = 'number'
          AND jsonb_typeof(b.settings->'agent'->'pricing'->'outputPerMillionTokens') = 'number'
          THEN (b.settings->'agent'->'pricing'->>'outputPerMillionTokens')::numeric END AS price_out
      FROM messages m
      LEFT JOIN bot_turn_inputs t ON t.message_id = m.id
      LEFT JOIN conversations c ON c.id = m.conversation_id
      LEFT JOIN bots b ON b.id = coalesce(t.bot_id, c.bot_id)
      WHERE m.workspace_id = ${workspaceId}::uuid AND m.direction = 'inbound' AND m.metadata->'ai_usage' IS NOT NULL
        AND m.created_at >= ${period.from} AND m.created_at < ${period.to}
        AND (${channel}::uuid IS NULL OR m.channel_id = ${channel}::uuid)
    )
    SELECT day, sum(input)::float8 AS input, sum(output)::float8 AS output,
      (sum((input * price_in + output * price_out) / 1000000) FILTER (WHERE price_in IS NOT NULL))::float8 AS cost,
      (coalesce(sum(input + output) FILTER (WHERE price_in IS NULL), 0))::float8 AS unpriced
    FROM usage GROUP BY day`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = daysOf(period).map((day) => {
    const row = byDay.get(day);
    return { day, inputTokens: row?.input ?? 0, outputTokens: row?.output ?? 0, costUsd: row?.cost ?? null };
  });
  const priced = rows.filter((r) => r.cost !== null);
  return {
    days,
    totals: {
      inputTokens: rows.reduce((sum, r) => sum + r.input, 0),
      outputTokens: rows.reduce((sum, r) => sum + r.output, 0),
      costUsd: priced.length === 0 ? null : priced.reduce((sum, r) => sum + (r.cost ?? 0), 0),
      unpricedTokens: rows.reduce((sum, r) => sum + r.unpriced, 0),
    },
  };
}
