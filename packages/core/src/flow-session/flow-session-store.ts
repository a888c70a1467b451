import type { FlowSession, Prisma } from '@switchboard/db';
import { sessionSchema, type Session } from '@switchboard/flow-engine';
import { newRowId } from '../inbound/new-row-id';

/** A conversation's live session row and its parsed engine state. */
export interface StoredSession {
  row: Pick<FlowSession, 'id' | 'flowVersionId' | 'waitingUntil' | 'status'>;
  session: Session;
}

/**
 * The conversation's live (active or waiting) session, newest first. A row
 * whose state no longer parses is ended with reason `unreadable_state`
 * rather than crashing every turn of the conversation.
 */
export async function loadLiveSession(tx: Prisma.TransactionClient, conversationId: string): Promise<StoredSession | null> {
  const row = await tx.flowSession.findFirst({
    where: { conversationId, status: { in: ['active', 'waiting'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, flowVersionId: true, waitingUntil: true, status: true, state: true },
  });
  return row ? liveSessionOf(tx, row) : null;
}

/** Parses a live session row already read (e.g. by the turn's one read); an unreadable state ends the row. */
export async function liveSessionOf(
  tx: Prisma.TransactionClient,
  row: StoredSession['row'] & { state: unknown },
): Promise<StoredSession | null> {
  const parsed = sessionSchema.safeParse(row.state);
  if (!parsed.success) {
    await tx.$executeRaw`UPDATE flow_sessions SET status = 'ended', waiting_until = NULL, updated_at = now() WHERE id = ${row.id}::uuid`;
    return null;
  }
  return { row: { id: row.id, flowVersionId: row.flowVersionId, waitingUntil: row.waitingUntil, status: row.status }, session: parsed.data };
}

/**
 * Persists what step() returned. The same session (same start and version)
 * updates its row; a different one (restart, jump, new start) ends the old
 * row with `replacedReason` and creates a new row.
 */
export async function saveSession(
  tx: Prisma.TransactionClient,
  input: {
    workspaceId: string;
    conversationId: string;
    flowVersionId: string;
    previous: StoredSession | null;
    session: Session;
    /** When the session waits for a timer: the (possibly time-scaled) moment the runtime wakes it. */
    waitingUntil: Date | null;
    replacedReason: string;
  },
): Promise<StoredSession> {
  const { previous, session } = input;
  const waitingUntil = session.status === 'ended' ? null : input.waitingUntil;
  const state = JSON.stringify(session);
  const keep = (id: string): StoredSession => ({ row: { id, flowVersionId: input.flowVersionId, waitingUntil, status: session.status }, session });
  // Raw statements: one round trip each, without Prisma's per-query compile (the turn's hot path).
  const same = previous && previous.session.startedAt === session.startedAt && previous.row.flowVersionId === input.flowVersionId;
  if (previous && same) {
    await tx.$executeRaw`UPDATE flow_sessions SET state = ${state}::jsonb, current_node_id = ${session.currentNodeId ?? null},
      status = ${session.status}::"FlowSessionStatus", waiting_until = ${waitingUntil}, updated_at = now()
      WHERE id = ${previous.row.id}::uuid`;
    return keep(previous.row.id);
  }
  const id = newRowId();
  const replaced = previous && previous.row.status !== 'ended' ? previous : null;
  const ended: Session | null = replaced && { ...replaced.session, status: 'ended', waitingFor: null, endReason: input.replacedReason };
  // The replaced row (if any) ends in the same statement that creates the new one.
  await tx.$executeRaw`WITH ended AS (
      UPDATE flow_sessions SET state = ${JSON.stringify(ended)}::jsonb, status = 'ended', waiting_until = NULL, updated_at = now()
      WHERE id = ${replaced?.row.id ?? null}::uuid
    )
    INSERT INTO flow_sessions (id, workspace_id, conversation_id, flow_version_id, state, current_node_id, status, waiting_until, updated_at)
    VALUES (${id}::uuid, ${input.workspaceId}::uuid, ${input.conversationId}::uuid, ${input.flowVersionId}::uuid, ${state}::jsonb,
      ${session.currentNodeId ?? null}, ${session.status}::"FlowSessionStatus", ${waitingUntil}, now())`;
  return keep(id);
}
