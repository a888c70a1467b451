import { z } from 'zod';

/** Send lanes, highest first. A lane is served only when every higher lane has nothing ready to send. */
export const OUTBOUND_LANES = ['critical', 'high', 'default', 'low'] as const;
export const outboundLaneSchema = z.enum(OUTBOUND_LANES);
export type OutboundLane = z.infer<typeof outboundLaneSchema>;

// Redis keys are built from these values, so they must not contain the
// separators the scheduler uses ("|" in entries, ":" in keys).
const keyPart = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_-]');

/** What the outbound scheduler carries for one message: ids only, never content (the row in Postgres is the truth). */
export const outboundEntrySchema = z.object({
  messageId: keyPart,
  workspaceId: keyPart,
  channelId: keyPart,
  lane: outboundLaneSchema,
});
export type OutboundEntry = z.infer<typeof outboundEntrySchema>;

/** An entry handed to one worker: leased until it is acknowledged, deferred or the lease runs out. */
export interface LeasedOutboundEntry extends OutboundEntry {
  /** When the entry became ready to send (enqueued, or its delay ran out), ms since the epoch. */
  readyAt: number;
  /** Set when a recipient pacing slot was already reserved for this entry (ms since the epoch). */
  reservedUntil: number | undefined;
  /** The lease token; acknowledging or deferring with another token is a no-op. */
  token: string;
}
