/** The routing facts of a Meta webhook body: which numbers (and WABAs) it is for. */
export interface WebhookRoutes {
  /** Distinct `entry[].changes[].value.metadata.phone_number_id`, in order of appearance. */
  phoneNumberIds: string[];
  /** Distinct `entry[].id` (WABA ids). */
  wabaIds: string[];
  /** Display number and WABA per phone_number_id, for audit entries about unknown numbers. */
  details: Map<string, { wabaId?: string; displayPhoneNumber?: string }>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads only what routing needs from a parsed webhook body, without
 * validating the rest (the worker's parser does that). Returns null when the
 * body is not a webhook envelope at all (`entry` is not an array).
 */
export function extractWebhookRoutes(body: unknown): WebhookRoutes | null {
  if (!isRecord(body) || !Array.isArray(body['entry'])) return null;
  const phoneNumberIds: string[] = [];
  const wabaIds: string[] = [];
  const details = new Map<string, { wabaId?: string; displayPhoneNumber?: string }>();
  for (const entry of body['entry']) {
    if (!isRecord(entry)) continue;
    const wabaId = typeof entry['id'] === 'string' ? entry['id'] : undefined;
    if (wabaId && !wabaIds.includes(wabaId)) wabaIds.push(wabaId);
    const changes = Array.isArray(entry['changes']) ? entry['changes'] : [];
    for (const change of changes) {
      if (!isRecord(change) || !isRecord(change['value'])) continue;
      const metadata = change['value']['metadata'];
      if (!isRecord(metadata)) continue;
      const id = metadata['phone_number_id'];
      if (typeof id !== 'string' || id === '' || details.has(id)) continue;
      phoneNumberIds.push(id);
      const display = metadata['display_phone_number'];
      details.set(id, { wabaId, displayPhoneNumber: typeof display === 'string' ? display : undefined });
    }
  }
  return { phoneNumberIds, wabaIds, details };
}
