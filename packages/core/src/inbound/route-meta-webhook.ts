import { verifySignature } from '@switchboard/whatsapp';
import type { ChannelDirectory, RoutedChannel } from './channel-directory';
import { extractWebhookRoutes } from './webhook-routes';

/** One persisted unit of work: the webhook for one of our channels. */
export interface WebhookTarget {
  channel: RoutedChannel;
  /** null when the payload named no number and was matched by WABA id. */
  phoneNumberId: string | null;
}

export interface UnknownNumber {
  phoneNumberId: string | null;
  wabaId?: string;
  displayPhoneNumber?: string;
}

/** What to do with a webhook POST, decided before anything is written. */
export type RoutingDecision =
  | { kind: 'malformed'; reason: string }
  | { kind: 'bad_signature'; reason: 'missing' | 'mismatch'; phoneNumberId?: string }
  | { kind: 'unknown_number'; unknown: UnknownNumber[] }
  | { kind: 'accepted'; targets: WebhookTarget[]; unknown: UnknownNumber[] };

export interface WebhookRequestParts {
  /** The exact bytes received. */
  rawBody: Buffer;
  /** The same body, already parsed as JSON. */
  body: unknown;
  /** `X-Hub-Signature-256`. */
  signature: string | undefined;
}

const signatureShape = /^sha256=[0-9a-fA-F]{64}$/;

/**
 * Routes a Meta webhook by `metadata.phone_number_id` and checks its
 * signature with the app secret of every channel it names: all must match,
 * since Meta signs one payload with one app's secret. Numbers we do not know
 * are reported, not rejected (answering non-200 would make Meta retry for 7
 * days). A payload that names no number (other webhook fields) is matched by
 * WABA id instead.
 */
export async function routeMetaWebhook(request: WebhookRequestParts, channels: ChannelDirectory): Promise<RoutingDecision> {
  // Checked before any lookup so unsigned traffic costs nothing.
  if (typeof request.signature !== 'string' || !signatureShape.test(request.signature.trim())) {
    return { kind: 'bad_signature', reason: 'missing' };
  }
  const routes = extractWebhookRoutes(request.body);
  if (!routes) return { kind: 'malformed', reason: 'body is not a webhook envelope (no entry array)' };

  const verified = new Map<string, boolean>();
  const signedWith = (secret: string): boolean => {
    let valid = verified.get(secret);
    if (valid === undefined) {
      valid = verifySignature(request.rawBody, request.signature, secret);
      verified.set(secret, valid);
    }
    return valid;
  };

  if (routes.phoneNumberIds.length === 0) {
    for (const wabaId of routes.wabaIds) {
      const candidates = await channels.byWabaId(wabaId);
      if (candidates.length === 0) continue;
      const channel = candidates.find((c) => signedWith(c.appSecret));
      if (!channel) return { kind: 'bad_signature', reason: 'mismatch' };
      return { kind: 'accepted', targets: [{ channel, phoneNumberId: null }], unknown: [] };
    }
    return { kind: 'unknown_number', unknown: routes.wabaIds.length ? routes.wabaIds.map((wabaId) => ({ phoneNumberId: null, wabaId })) : [{ phoneNumberId: null }] };
  }

  const targets: WebhookTarget[] = [];
  const unknown: UnknownNumber[] = [];
  const found = await Promise.all(routes.phoneNumberIds.map((id) => channels.byPhoneNumberId(id)));
  for (const [index, phoneNumberId] of routes.phoneNumberIds.entries()) {
    let channel = found[index] ?? null;
    if (!channel) {
      unknown.push({ phoneNumberId, ...routes.details.get(phoneNumberId) });
      continue;
    }
    if (!signedWith(channel.appSecret)) {
      // The secret may have just been rotated: re-read once (rate-limited by the directory).
      const fresh = await channels.refresh(phoneNumberId);
      if (fresh === null) {
        unknown.push({ phoneNumberId, ...routes.details.get(phoneNumberId) });
        continue;
      }
      if (!fresh || !signedWith(fresh.appSecret)) return { kind: 'bad_signature', reason: 'mismatch', phoneNumberId };
      channel = fresh;
    }
    targets.push({ channel, phoneNumberId });
  }
  if (targets.length === 0) return { kind: 'unknown_number', unknown };
  return { kind: 'accepted', targets, unknown };
}
