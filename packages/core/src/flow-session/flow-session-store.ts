import type { FlowSession, Prisma } from '@switchboard/db';
import { sessionSchema, type Session } from '@switchboard/flow-engine';
import type { SqlClient } from '../ports/sql-pool';

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

const END_UNREADABLE = `UPDATE flow_sessions SET status = 'ended', waiting_until = NULL, updated_at = now() WHERE id = $1::uuid`;

/** Parses a live session row already read; an unreadable state ends the row. */
async function liveSessionOf(
  tx: Prisma.TransactionClient,
  row: StoredSession['row'] & { state: unknown },
): Promise<StoredSession | null> {
  const parsed = sessionSchema.safeParse(row.state);
  if (!parsed.success) {
    await tx.$executeRawUnsafe(END_UNREADABLE, row.id);
    return null;
  }
  return { row: { id: row.id, flowVersionId: row.flowVersionId, waitingUntil: row.waitingUntil, status: row.status }, session: parsed.data };
}

/** `liveSessionOf` on the bot turn's pg connection (the row comes from the turn's one read). */
export async function parseLiveSession(db: SqlClient, row: StoredSession['row'] & { state: unknown }): Promise<StoredSession | null> {
  const parsed = sessionSchema.safeParse(row.state);
  if (!parsed.success) {
    await db.query({ name: 'sb_end_unreadable_session', text: END_UNREADABLE, values: [row.id] });
    return null;
  }
  return { row: { id: row.id, flowVersionId: row.flowVersionId, waitingUntil: row.waitingUntil, status: row.status }, session: parsed.data };
}
