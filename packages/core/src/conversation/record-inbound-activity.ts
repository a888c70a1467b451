import type { ConversationOwner, Prisma } from '@switchboard/db';
import { newRowId } from '../inbound/new-row-id';

/** WhatsApp's customer service window: free-form replies are allowed for 24 h after the user's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface InboundActivity {
  workspaceId: string;
  channelId: string;
  contactId: string;
  /** When the user sent the message (Meta's timestamp), not when it reached us. */
  at: Date;
}

export interface ConversationState {
  id: string;
  owner: ConversationOwner;
  windowExpiresAt: Date;
  created: boolean;
}

/**
 * Finds or creates the one conversation of (channel, contact) and records
 * an inbound message on it: reopens it, and moves `lastInboundAt`,
 * `lastMessageAt` and `windowExpiresAt` (= message time + 24 h) forward
 * only, so a late or replayed older message never shortens the window. One
 * atomic statement, safe under concurrency.
 */
export async function recordInboundActivity(tx: Prisma.TransactionClient, activity: InboundActivity): Promise<ConversationState> {
  const expires = new Date(activity.at.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
  const rows = await tx.$queryRaw<{ id: string; owner: ConversationOwner; window_expires_at: Date; inserted: boolean }[]>`
    INSERT INTO conversations (id, workspace_id, channel_id, contact_id, owner, status, window_expires_at, last_inbound_at, last_message_at, created_at, updated_at)
    VALUES (${newRowId()}::uuid, ${activity.workspaceId}::uuid, ${activity.channelId}::uuid, ${activity.contactId}::uuid,
            'bot', 'open', ${expires}, ${activity.at}, ${activity.at}, now(), now())
    ON CONFLICT (channel_id, contact_id) DO UPDATE SET
      status = 'open',
      window_expires_at = GREATEST(conversations.window_expires_at, EXCLUDED.window_expires_at),
      last_inbound_at = GREATEST(conversations.last_inbound_at, EXCLUDED.last_inbound_at),
      last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at),
      updated_at = now()
    RETURNING id, owner, window_expires_at, (xmax = 0) AS inserted`;
  const row = rows[0];
  if (!row) throw new Error('conversation upsert returned no row');
  return { id: row.id, owner: row.owner, windowExpiresAt: row.window_expires_at, created: row.inserted };
}
