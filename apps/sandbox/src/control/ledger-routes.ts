import type { ServerResponse } from 'node:http';
import { sendControlError, sendJson } from '../http/respond';
import type { LedgerEntry, LedgerQuery } from '../state/ledger';
import type { SandboxServices } from '../services';

/** Accepts epoch milliseconds or an ISO-8601 date. */
function parseSince(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function present(entry: LedgerEntry): Record<string, unknown> {
  return { ...entry, accepted_at: new Date(entry.accepted_at).toISOString(), accepted_at_ms: entry.accepted_at };
}

/** `GET /_sandbox/ledger?phone_number_id=&to=&biz_opaque_callback_data=&since=&limit=`. */
export function getLedger(services: SandboxServices, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const query: LedgerQuery = {};
  const numberId = q.get('phone_number_id');
  const to = q.get('to');
  const biz = q.get('biz_opaque_callback_data');
  if (numberId !== null) query.phone_number_id = numberId;
  if (to !== null) query.to = to.replace(/\D/g, '');
  if (biz !== null) query.biz_opaque_callback_data = biz;
  const since = q.get('since');
  if (since !== null) {
    const ms = parseSince(since);
    if (ms === null) return sendControlError(res, 400, 'invalid_query', 'since must be epoch milliseconds or an ISO-8601 date');
    query.since = ms;
  }
  const limit = q.get('limit');
  if (limit !== null) {
    if (!/^\d+$/.test(limit)) return sendControlError(res, 400, 'invalid_query', 'limit must be a non-negative integer');
    query.limit = Number(limit);
  }
  const { entries, total } = services.state.ledger.query(query);
  sendJson(res, 200, { data: entries.map(present), total, evicted: services.state.ledger.evictedCount() });
}

/** `DELETE /_sandbox/ledger`: forgets every entry. */
export function resetLedger(services: SandboxServices, res: ServerResponse): void {
  services.state.ledger.reset();
  res.writeHead(204);
  res.end();
}
