/** One send the sandbox accepted (answered 200 with a wamid). */
export interface LedgerEntry {
  wamid: string;
  phone_number_id: string;
  to: string;
  type: string;
  /** The request body as received. */
  body: unknown;
  biz_opaque_callback_data: string | null;
  /** Milliseconds since the epoch, from the sandbox clock. */
  accepted_at: number;
}

export interface LedgerQuery {
  phone_number_id?: string;
  to?: string;
  biz_opaque_callback_data?: string;
  /** Only entries accepted at or after this time (ms). */
  since?: number;
  limit?: number;
}

/**
 * Every accepted send, in order, so a checker can count lost and duplicated messages.
 * Bounded so a long-running demo cannot grow without limit; what falls off is counted.
 */
export class Ledger {
  private entries: LedgerEntry[] = [];
  private evicted = 0;

  constructor(private readonly maxEntries = 1_000_000) {}

  add(entry: LedgerEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) {
      const drop = this.entries.length - this.maxEntries;
      this.entries.splice(0, drop);
      this.evicted += drop;
    }
  }

  /** Matching entries oldest first, plus how many matched before `limit` was applied. */
  query(q: LedgerQuery): { entries: LedgerEntry[]; total: number } {
    const matches = this.entries.filter(
      (e) =>
        (q.phone_number_id === undefined || e.phone_number_id === q.phone_number_id) &&
        (q.to === undefined || e.to === q.to) &&
        (q.biz_opaque_callback_data === undefined || e.biz_opaque_callback_data === q.biz_opaque_callback_data) &&
        (q.since === undefined || e.accepted_at >= q.since),
    );
    return { entries: q.limit === undefined ? matches : matches.slice(0, q.limit), total: matches.length };
  }

  size(): number {
    return this.entries.length;
  }

  evictedCount(): number {
    return this.evicted;
  }

  reset(): void {
    this.entries = [];
    this.evicted = 0;
  }
}
