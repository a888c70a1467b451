import { randomBytes } from 'node:crypto';

/** Prefix of every endpoint secret, as Standard Webhooks names it. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes. Shown to the customer once. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The HMAC key of a secret: the base64 after `whsec_`, decoded. Using the literal string as the key
 * is the classic mistake (reference §5.1), so a secret that does not decode to 24–64 bytes is refused.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new TypeError('webhook secret is not whsec_ + base64');
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 24 || key.length > 64) throw new TypeError(`webhook secret must decode to 24–64 bytes, got ${key.length}`);
  return key;
}
