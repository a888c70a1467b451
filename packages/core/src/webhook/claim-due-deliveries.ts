import type { SqlPool } from '../ports/sql-pool';

/** A delivery leased to one worker for one attempt, with everything the attempt needs. */
export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  eventId: string;
  endpointId: string;
  /** Attempt number of this attempt (1 = first); also the lease token of the claim. */
  attempt: number;
  giveUpAt: Date | null;
  payloadEnc: string;
  url: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Leases up to `limit` due deliveries (pending and due, or delivering with an expired lease) of
 * enabled endpoints: status `delivering`, attempts + 1, `next_attempt_at` = lease end. A delivery
 * is skipped while an earlier one (lower event seq) with the same ordering key to the same endpoint
 * is unfinished, so one message's events reach an endpoint in order. Rows are claimed with
 * SKIP LOCKED, so workers never lease the same delivery. A replayed delivery has no give-up time
 * yet: its 24 h window starts at this first lease. One statement on the worker's `pg` pool (the
 * delivery loop runs it every WEBHOOK_POLL_MS even when nothing is due), planned on each run.
 */
export async function claimDueDeliveries(
  sql: SqlPool,
  options: { limit: number; leaseMs: number; now: Date; /** Starts the window of deliveries that have none yet (replays). */ giveUpAfterMs: number },
): Promise<ClaimedDelivery[]> {
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
  const { rows } = await sql.query<{
    id: string; workspace_id: string; event_id: string; endpoint_id: string; attempts: number; give_up_at: Date | null;
    payload_enc: string; url: string; secret_enc: string; previous_secret_enc: string | null; previous_secret_expires_at: Date | null;
  }>({
    // Not a named (prepared) statement: Postgres would keep the plan made while the table was small (a
    // generic plan after five runs; at once for the look-up below, which has no parameters), and that
    // plan scanned every open delivery per claim once thousands were queued (~1.3 s per claim in the
    // fan-out benchmark). Planned per run, it takes ~10 ms there with the ordering index.
    text: `
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      JOIN webhook_endpoints ep ON ep.id = d.endpoint_id AND ep.enabled
      WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= $1::timestamptz
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries earlier
          WHERE earlier.endpoint_id = d.endpoint_id AND earlier.ordering_key = d.ordering_key
            AND earlier.status IN ('pending', 'delivering') AND earlier.event_seq < d.event_seq)
      ORDER BY d.next_attempt_at
      LIMIT $2
      FOR UPDATE OF d SKIP LOCKED
    ), leased AS (
      UPDATE webhook_deliveries d SET status = 'delivering', attempts = d.attempts + 1, next_attempt_at = $3::timestamptz,
        last_attempt_at = $1::timestamptz, updated_at = $1::timestamptz,
        give_up_at = COALESCE(d.give_up_at, $4::timestamptz)
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.workspace_id, d.event_id, d.endpoint_id, d.attempts, d.give_up_at
    )
    SELECT l.id::text AS id, l.workspace_id::text AS workspace_id, l.event_id::text AS event_id, l.endpoint_id::text AS endpoint_id,
      l.attempts, l.give_up_at, e.payload_enc, ep.url, ep.secret_enc, ep.previous_secret_enc, ep.previous_secret_expires_at
    FROM leased l JOIN webhook_events e ON e.id = l.event_id JOIN webhook_endpoints ep ON ep.id = l.endpoint_id`,
    values: [options.now, options.limit, leaseEnd, new Date(options.now.getTime() + options.giveUpAfterMs)],
  });
  return rows.map((r) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    attempt: r.attempts,
    giveUpAt: r.give_up_at,
    payloadEnc: r.payload_enc,
    url: r.url,
    secretEnc: r.secret_enc,
    previousSecretEnc: r.previous_secret_enc,
    previousSecretExpiresAt: r.previous_secret_expires_at,
  }));
}

/** When the next claimable delivery is due (for sleeping until then; blocked ones do not count), or null. */
export async function nextDeliveryDueAt(sql: SqlPool): Promise<Date | null> {
  const {
    rows: [row],
  } = await sql.query<{ at: Date | null }>({
    values: [],
    text: `
    SELECT min(d.next_attempt_at) AS at FROM webhook_deliveries d JOIN webhook_endpoints ep ON ep.id = d.endpoint_id AND ep.enabled
    WHERE d.status IN ('pending', 'delivering')
      AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries earlier
        WHERE earlier.endpoint_id = d.endpoint_id AND earlier.ordering_key = d.ordering_key
          AND earlier.status IN ('pending', 'delivering') AND earlier.event_seq < d.event_seq)`,
  });
  return row?.at ?? null;
}
