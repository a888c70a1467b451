import { createHmac } from 'node:crypto';
import { decodeWebhookSecret } from './webhook-secret';

/** The three Standard Webhooks headers of one attempt. */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the decoded secret as key. */
export function computeWebhookSignature(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', decodeWebhookSecret(secret));
  hmac.update(`${id}.${timestamp}.`);
  hmac.update(body);
  return `v1,${hmac.digest('base64')}`;
}

/**
 * Signs the exact bytes about to be sent. `secrets` is the current secret first, then any still in
 * their rotation grace period: one space-separated signature each, so a receiver that knows either
 * secret accepts the delivery. `timestamp` is Unix seconds of this attempt (a retry or replay gets a new one).
 */
export function signWebhook(input: { id: string; timestamp: number; body: string | Uint8Array; secrets: readonly string[] }): WebhookSignatureHeaders {
  if (input.secrets.length === 0) throw new TypeError('at least one secret is needed to sign a webhook');
  if (input.id.includes('.') || !Number.isInteger(input.timestamp)) throw new TypeError('webhook id must not contain "." and timestamp must be whole seconds');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': input.secrets.map((secret) => computeWebhookSignature(secret, input.id, input.timestamp, input.body)).join(' '),
  };
}
