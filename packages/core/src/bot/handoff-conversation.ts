import type { Prisma } from '@switchboard/db';
import { newRowId } from '../inbound/new-row-id';
import type { SqlStatement } from '../ports/sql-pool';

/** Outbox topic of events for customers' webhook endpoints (delivered by the customer-webhooks worker). */
export const CUSTOMER_EVENT_TOPIC = 'customer_event';

export interface HandoffInput {
  workspaceId: string;
  conversationId: string;
  botId: string;
  reason: string;
  nodeId?: string;
  traceId: string;
  now: Date;
}

const HANDOFF = `WITH conversation AS (
  UPDATE conversations SET owner = 'human', handoff_at = $3, updated_at = now() WHERE id = $2::uuid RETURNING id
), audit AS (
  INSERT INTO audit_logs (id, workspace_id, actor_type, actor_id, action, target_type, target_id, data, trace_id)
  SELECT $4::uuid, $1::uuid, 'system', $5, 'conversation.handoff', 'conversation', id::text, $6::jsonb, $7 FROM conversation
)
INSERT INTO outbox_entries (id, topic, payload) SELECT $8::uuid, '${CUSTOMER_EVENT_TOPIC}', $9::jsonb FROM conversation`;

/**
 * Gives a conversation to a human, as ONE statement: owner `human` and `handoff_at`, an audit entry
 * (`actor = bot:<id>`), and a `conversation.handoff` customer event in the outbox. Run it in the
 * turn's transaction; from then on the bot runtime sends nothing to the conversation.
 */
export function handoffStatement(input: HandoffInput): SqlStatement {
  const data = { reason: input.reason, ...(input.nodeId === undefined ? {} : { node_id: input.nodeId }) };
  const payload = { type: 'conversation.handoff', conversationId: input.conversationId, reason: input.reason, workspaceId: input.workspaceId, at: input.now.toISOString() };
  return {
    name: 'sb_bot_handoff',
    text: HANDOFF,
    values: [input.workspaceId, input.conversationId, input.now, newRowId(), `bot:${input.botId}`, JSON.stringify(data), input.traceId, newRowId(), JSON.stringify(payload)],
  };
}

/** `handoffStatement` in a Prisma transaction (the agent turn). */
export async function handoffConversation(tx: Prisma.TransactionClient, input: HandoffInput): Promise<void> {
  const statement = handoffStatement(input);
  await tx.$executeRawUnsafe(statement.text, ...statement.values);
}
