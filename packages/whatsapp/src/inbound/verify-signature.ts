import { createHmac, timingSafeEqual } from 'node:crypto';
import { escapeUnicode } from './escape-unicode';

type RawBody = Buffer | Uint8Array | string;

function toBuffer(body: RawBody): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function hmac(appSecret: string, body: Buffer | string): Buffer {
  return createHmac('sha256', appSecret).update(body).digest();
}

/** Signs a body as Meta does: `sha256=<lowercase hex HMAC-SHA256 of the exact bytes, keyed by the app secret>`. */
export function signPayload(rawBody: RawBody, appSecret: string): string {
  return `sha256=${hmac(appSecret, toBuffer(rawBody)).toString('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` against the raw request body in constant time. Accepts a signature over the bytes as
 * received or over their `\uXXXX`-escaped form (what Meta signs). Several secrets may be given during rotation.
 * Never throws: a missing or malformed header, or an empty secret, is simply `false`.
 */
export function verifySignature(
  rawBody: RawBody,
  header: string | undefined | null,
  appSecret: string | readonly string[],
): boolean {
  if (typeof header !== 'string') return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = Buffer.from(match[1], 'hex');
  const secrets = (typeof appSecret === 'string' ? [appSecret] : appSecret).filter((s) => s.length > 0);
  if (secrets.length === 0) return false;

  const bytes = toBuffer(rawBody);
  const text = bytes.toString('utf8');
  const escaped = escapeUnicode(text);
  const candidates: (Buffer | string)[] = escaped === text ? [bytes] : [bytes, escaped];

  let valid = false;
  for (const secret of secrets) {
    for (const candidate of candidates) {
      const actual = hmac(secret, candidate);
      // Both are 32-byte SHA-256 digests; the length check keeps timingSafeEqual from ever throwing.
      if (actual.length === expected.length && timingSafeEqual(actual, expected)) valid = true;
    }
  }
  return valid;
}
