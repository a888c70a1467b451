import { newEventId } from '../send/new-event-id';
import type { SqlPool } from '../ports/sql-pool';

/** Who a message goes to: the phone-based `wa_id` or the business-scoped user id. */
export type RecipientIdentity = { waId: string } | { userId: string };

/** The contacts column that identifies this recipient (each is unique per workspace). */
export function recipientColumn(identity: RecipientIdentity): { column: 'wa_id' | 'user_id'; value: string } {
  return 'waId' in identity ? { column: 'wa_id', value: identity.waId } : { column: 'user_id', value: identity.userId };
}

/**
 * Creates the contact and its conversation on the channel when missing: the slow path of
 * `sendMessage`, for a first message to someone, which then reads both again. Each insert is
 * `ON CONFLICT DO NOTHING`, so concurrent first messages to the same person end with one contact
 * and one conversation, never a unique-violation error. The channel must exist (checked by the
 * caller's statement).
 */
export async function createMissingRecipient(
  sql: SqlPool,
  workspaceId: string,
  channelId: string,
  identity: RecipientIdentity,
  now: Date,
): Promise<void> {
  const { column, value } = recipientColumn(identity);
  await sql.query({
    name: `sb_create_contact_${column}`,
    text: `INSERT INTO contacts (id, workspace_id, ${column}, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING`,
    values: [newEventId(now.getTime()), workspaceId, value, now],
  });
  // A separate statement, so it sees the contact a concurrent request committed after the insert above began.
  await sql.query({
    name: `sb_create_conversation_${column}`,
    text: `INSERT INTO conversations (id, workspace_id, channel_id, contact_id, created_at, updated_at)
      SELECT $1, $2, $3, c.id, $5, $5 FROM contacts c WHERE c.workspace_id = $2 AND c.${column} = $4
      ON CONFLICT DO NOTHING`,
    values: [newEventId(now.getTime()), workspaceId, channelId, value, now],
  });
}
