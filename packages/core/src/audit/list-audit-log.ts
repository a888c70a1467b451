import type { Prisma, PrismaClient } from '@switchboard/db';
import { z } from 'zod';
import { AppError } from '../app-error';
import { decodeMessageCursor, encodeMessageCursor } from '../message/message-cursor';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest time range one audit query reads. */
export const MAX_AUDIT_DAYS = 366;
/** The range shown when none is chosen. */
export const DEFAULT_AUDIT_DAYS = 30;

/** Filters of the audit log page; a page holds at most 100 entries. */
export const auditLogQuerySchema = z.object({
  action: z.string().min(1).max(100).optional(),
  actorType: z.enum(['user', 'api_key', 'system']).optional(),
  actorId: z.string().min(1).max(200).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type AuditLogQuery = z.input<typeof auditLogQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: z.date(),
  actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }).nullable(),
  details: z.unknown(),
  traceId: z.string().nullable(),
});

export const auditLogPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
  range: z.object({ from: z.date(), to: z.date(), clamped: z.boolean() }),
});
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

/** Resolves an audit range: `to` defaults to now, `from` to 30 days before; longer than 366 days is cut (and says so). */
export function resolveAuditRange(query: { from?: Date; to?: Date }, now: Date): AuditLogPage['range'] {
  const to = query.to ?? now;
  const from = query.from ?? new Date(to.getTime() - DEFAULT_AUDIT_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('validation_failed', 'from: must be before to', { details: [{ field: 'from', message: 'must be before to' }] });
  }
  const earliest = new Date(to.getTime() - MAX_AUDIT_DAYS * DAY_MS);
  return from < earliest ? { from: earliest, to, clamped: true } : { from, to, clamped: false };
}

/**
 * One page of a workspace's audit log, newest first, filtered by action, actor and time range,
 * paged by an opaque (created_at, id) cursor over the (workspace_id, created_at) index. Actors are
 * named: users by email, API keys by their name.
 */
export async function listAuditLog(prisma: PrismaClient, workspaceId: string, rawQuery: AuditLogQuery, now: Date): Promise<AuditLogPage> {
  const query = auditLogQuerySchema.parse(rawQuery);
  const range = resolveAuditRange(query, now);
  const cursor = query.cursor ? decodeMessageCursor(query.cursor) : null;
  const where: Prisma.AuditLogWhereInput = {
    workspaceId,
    createdAt: { gte: range.from, lt: range.to },
    ...(query.action ? { action: query.action } : {}),
    ...(query.actorType ? { actorType: query.actorType } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await prisma.auditLog.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const idsOf = (type: string) => [...new Set(page.filter((r) => r.actorType === type && r.actorId && isUuid(r.actorId)).map((r) => r.actorId as string))];
  const [users, keys] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: idsOf('user') }, memberships: { some: { workspaceId } } }, select: { id: true, email: true } }),
    prisma.apiKey.findMany({ where: { id: { in: idsOf('api_key') }, workspaceId }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>([...users.map((u) => [u.id, u.email] as const), ...keys.map((k) => [k.id, k.name] as const)]);
  const last = page.at(-1);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.createdAt,
      actor: { type: r.actorType, id: r.actorId, name: (r.actorId && names.get(r.actorId)) ?? null },
      action: r.action,
      target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
      details: r.data ?? null,
      traceId: r.traceId,
    })),
    nextCursor: rows.length > query.limit && last ? encodeMessageCursor({ createdAt: last.createdAt, id: last.id }) : null,
    range,
  };
}

/** The distinct actions recorded in a workspace's audit log within a range (for the filter), alphabetically. */
export async function listAuditActions(prisma: PrismaClient, workspaceId: string, range: { from: Date; to: Date }): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ action: string }[]>`
    SELECT DISTINCT action FROM audit_logs
    WHERE workspace_id = ${workspaceId}::uuid AND created_at >= ${range.from} AND created_at < ${range.to}
    ORDER BY action LIMIT 500`;
  return rows.map((r) => r.action);
}

const isUuid = (text: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
