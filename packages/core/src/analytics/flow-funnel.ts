import type { PrismaClient } from '@switchboard/db';
import { defaultStepLimits, definitionOf, safeMigrateFlow, type FlowV1 } from '@switchboard/flow-engine';
import { z } from 'zod';
import { AppError } from '../app-error';
import { parseBotSettings } from '../bot/bot-settings';
import type { AnalyticsPeriod } from './analytics-period';

/**
 * End reasons of a session that stopped before finishing. Anything else (`completed`, `handoff`,
 * `jumped`, or an End block's own reason) is a finish.
 */
export const DROP_OFF_REASONS = [
  'session_timeout',
  'restarted',
  'replaced',
  'max_attempts',
  'step_budget_exceeded',
  'missing_node',
  'http_error',
  'ai_error',
  'window_closed',
  'effect_loop',
] as const;

const count = z.number().int().nonnegative();

/** One node's row in a published version's funnel. */
export const funnelNodeSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  label: z.string(),
  /** Sessions that ran the node. */
  reached: count,
  /** Messages the node sent, and of those the ones delivered (or read) and read. */
  sent: count,
  delivered: count,
  read: count,
  /** Sessions in which the contact wrote while the session was at the node. */
  replied: count,
  /** Sessions that stopped at the node without finishing: ended for a drop-off reason, or left waiting for input past the timeout. */
  droppedOff: count,
});

export const flowFunnelSchema = z.object({
  version: z.object({ id: z.uuid(), flowId: z.uuid(), flowName: z.string(), version: z.number().int(), publishedAt: z.date() }),
  sessions: count,
  nodes: z.array(funnelNodeSchema),
});
export type FlowFunnel = z.infer<typeof flowFunnelSchema>;

interface NodeStats {
  node_id: string;
  reached: number;
  replied: number;
  dropped: number;
  sent: number;
  delivered: number;
  read: number;
}

/**
 * The per-node funnel of one published flow version over the sessions that started in the period
 * (and the messages its nodes sent in the period), optionally on one channel. Sessions record the
 * nodes they ran and answered at (`visitedNodeIds`, `repliedNodeIds` in their state); bot messages
 * record their `flow_version_id` and `node_id` in metadata. All counting is done by Postgres.
 */
export async function flowFunnel(
  prisma: PrismaClient,
  input: { workspaceId: string; flowVersionId: string; period: AnalyticsPeriod; channelId?: string; now: Date },
): Promise<FlowFunnel> {
  const version = await prisma.flowVersion.findFirst({
    where: { id: input.flowVersionId, workspaceId: input.workspaceId, kind: 'published' },
    select: { id: true, flowId: true, version: true, document: true, publishedAt: true, flow: { select: { name: true, bot: { select: { settings: true } } } } },
  });
  if (!version) throw new AppError('not_found', 'Flow version not found.');
  const { period } = input;
  const channel = input.channelId ?? null;
  const timeoutMs = parseBotSettings(version.flow.bot?.settings).sessionTimeoutMs ?? defaultStepLimits.sessionTimeoutMs;
  const expiredBefore = new Date(input.now.getTime() - timeoutMs);

  const [stats, sessions] = await Promise.all([
    prisma.$queryRaw<NodeStats[]>`
      WITH s AS (
        SELECT fs.current_node_id, fs.status, fs.state FROM flow_sessions fs
        WHERE fs.flow_version_id = ${version.id}::uuid AND fs.workspace_id = ${input.workspaceId}::uuid
          AND fs.created_at >= ${period.from} AND fs.created_at < ${period.to}
          AND (${channel}::uuid IS NULL OR EXISTS (SELECT 1 FROM conversations c WHERE c.id = fs.conversation_id AND c.channel_id = ${channel}::uuid))
      ), reached AS (
        SELECT n AS node_id, count(*)::int AS reached FROM s, jsonb_array_elements_text(coalesce(s.state->'visitedNodeIds', '[]'::jsonb)) n GROUP BY n
      ), replied AS (
        SELECT n AS node_id, count(*)::int AS replied FROM s, jsonb_array_elements_text(coalesce(s.state->'repliedNodeIds', '[]'::jsonb)) n GROUP BY n
      ), dropped AS (
        SELECT current_node_id AS node_id, count(*)::int AS dropped FROM s
        WHERE current_node_id IS NOT NULL AND (
          (status = 'ended' AND s.state->>'endReason' = ANY(${[...DROP_OFF_REASONS]}::text[]))
          OR (status <> 'ended' AND s.state->'waitingFor'->>'kind' = 'input' AND (s.state->>'lastActivityAt')::timestamptz < ${expiredBefore}))
        GROUP BY current_node_id
      ), sent AS (
        SELECT m.metadata->>'node_id' AS node_id, count(*)::int AS sent,
          (count(*) FILTER (WHERE m.status IN ('delivered', 'read')))::int AS delivered, (count(*) FILTER (WHERE m.status = 'read'))::int AS read
        FROM messages m
        WHERE m.source = 'bot' AND m.metadata->>'flow_version_id' = ${version.id} AND m.workspace_id = ${input.workspaceId}::uuid
          AND m.created_at >= ${period.from} AND m.created_at < ${period.to}
          AND (${channel}::uuid IS NULL OR m.channel_id = ${channel}::uuid)
        GROUP BY 1
      ), ids AS (
        SELECT node_id FROM reached UNION SELECT node_id FROM replied UNION SELECT node_id FROM dropped UNION SELECT node_id FROM sent
      )
      SELECT ids.node_id, coalesce(reached, 0) AS reached, coalesce(replied, 0) AS replied, coalesce(dropped, 0) AS dropped,
        coalesce(sent, 0) AS sent, coalesce(delivered, 0) AS delivered, coalesce(read, 0) AS read
      FROM ids LEFT JOIN reached USING (node_id) LEFT JOIN replied USING (node_id) LEFT JOIN dropped USING (node_id) LEFT JOIN sent USING (node_id)
      WHERE ids.node_id IS NOT NULL`,
    prisma.flowSession.count({
    where: {
      flowVersionId: version.id,
      workspaceId: input.workspaceId,
      createdAt: { gte: period.from, lt: period.to },
      ...(input.channelId ? { conversation: { channelId: input.channelId } } : {}),
      },
    }),
  ]);

  const byNode = new Map(stats.map((row) => [row.node_id, row]));
  const parsed = safeMigrateFlow(version.document);
  const ordered = parsed.ok ? funnelOrder(parsed.flow) : [];
  const known = new Set(ordered.map((n) => n.id));
  const rows = [...ordered, ...stats.filter((s) => !known.has(s.node_id)).map((s) => ({ id: s.node_id, type: 'unknown', label: 'Removed node' }))];
  return {
    version: { id: version.id, flowId: version.flowId, flowName: version.flow.name, version: version.version, publishedAt: version.publishedAt },
    sessions,
    nodes: rows.map((node) => {
      const s = byNode.get(node.id);
      return {
        nodeId: node.id,
        type: node.type,
        label: node.label,
        reached: s?.reached ?? 0,
        sent: s?.sent ?? 0,
        delivered: s?.delivered ?? 0,
        read: s?.read ?? 0,
        replied: s?.replied ?? 0,
        droppedOff: s?.dropped ?? 0,
      };
    }),
  };
}

// Nodes in the order a conversation meets them (breadth-first from the trigger), then any unreachable ones.
function funnelOrder(flow: FlowV1): { id: string; type: string; label: string }[] {
  const next = new Map<string, string[]>();
  for (const edge of flow.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const start = flow.nodes.find((n) => n.type === 'trigger') ?? flow.nodes[0];
  const seen = new Set<string>();
  const queue = start ? [start.id] : [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(next.get(id) ?? []));
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const order = [...[...seen].filter((id) => byId.has(id)), ...flow.nodes.map((n) => n.id).filter((id) => !seen.has(id))];
  return order.map((id) => {
    const node = byId.get(id) as FlowV1['nodes'][number];
    return { id, type: node.type, label: definitionOf(node.type).label };
  });
}

/** A published version the funnel can show. */
export const funnelVersionSchema = z.object({ id: z.uuid(), flowId: z.uuid(), flowName: z.string(), version: z.number().int(), publishedAt: z.date() });

/** The workspace's published flow versions, newest first (at most `limit`). */
export async function listFunnelVersions(prisma: PrismaClient, workspaceId: string, limit = 100): Promise<z.infer<typeof funnelVersionSchema>[]> {
  const rows = await prisma.flowVersion.findMany({
    where: { workspaceId, kind: 'published' },
    orderBy: { publishedAt: 'desc' },
    take: limit,
    select: { id: true, flowId: true, version: true, publishedAt: true, flow: { select: { name: true } } },
  });
  return rows.map((r) => ({ id: r.id, flowId: r.flowId, flowName: r.flow.name, version: r.version, publishedAt: r.publishedAt }));
}
