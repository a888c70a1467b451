const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Meta's own message and status objects of a payload, looked up by what the parser reports. */
export interface RawWebhookItems {
  message(phoneNumberId: string, wamid: string): Record<string, unknown> | undefined;
  status(phoneNumberId: string, wamid: string, status: string, timestamp: number): Record<string, unknown> | undefined;
}

/**
 * Indexes the raw `messages[]` and `statuses[]` objects of a webhook body, so
 * what is stored (message content, a status's `meta_payload`) is exactly what
 * Meta sent rather than our normalized view of it.
 */
export function indexRawWebhookItems(payload: unknown): RawWebhookItems {
  const messages = new Map<string, Record<string, unknown>>();
  const statuses = new Map<string, Record<string, unknown>>();
  const entries = isRecord(payload) && Array.isArray(payload['entry']) ? payload['entry'] : [];
  for (const entry of entries) {
    const changes = isRecord(entry) && Array.isArray(entry['changes']) ? entry['changes'] : [];
    for (const change of changes) {
      const value = isRecord(change) ? change['value'] : undefined;
      if (!isRecord(value) || !isRecord(value['metadata'])) continue;
      const number = String(value['metadata']['phone_number_id']);
      for (const m of Array.isArray(value['messages']) ? value['messages'] : []) {
        if (isRecord(m)) messages.set(`${number} ${String(m['id'])}`, m);
      }
      for (const s of Array.isArray(value['statuses']) ? value['statuses'] : []) {
        if (isRecord(s)) statuses.set(`${number} ${String(s['id'])} ${String(s['status'])} ${Number(s['timestamp'])}`, s);
      }
    }
  }
  return {
    message: (phoneNumberId, wamid) => messages.get(`${phoneNumberId} ${wamid}`),
    status: (phoneNumberId, wamid, status, timestamp) => statuses.get(`${phoneNumberId} ${wamid} ${status} ${timestamp}`),
  };
}

/**
 * The stored body of an inbound message, shaped like a Cloud API type object
 * (`{ "text": { "body": "…" } }`) plus Meta's `context`, `referral` and
 * `errors` when present.
 */
export function inboundContentOf(raw: Record<string, unknown> | undefined, fallback: unknown): Record<string, unknown> {
  if (!raw) return { normalized: fallback };
  const type = typeof raw['type'] === 'string' ? raw['type'] : 'unknown';
  const content: Record<string, unknown> = {};
  if (raw[type] !== undefined) content[type] = raw[type];
  for (const key of ['context', 'referral', 'errors'] as const) if (raw[key] !== undefined) content[key] = raw[key];
  return content;
}
