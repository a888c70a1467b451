import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers reject deliveries whose timestamp is further than this from now (Chatwoot enforces none). */
export const CHATWOOT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, as Chatwoot 4.x signs webhooks (reference §4.6). */
export function signChatwootWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

export type ChatwootSignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'bad_signature' };

/** Checks X-Chatwoot-Signature over the exact bytes received, in constant time, with a ±5 min timestamp window. */
export function verifyChatwootSignature(input: {
  secret: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): ChatwootSignatureCheck {
  if (!input.signature) return { ok: false, reason: 'missing_signature' };
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'missing_timestamp' };
  const tolerance = input.toleranceSeconds ?? CHATWOOT_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - Number(input.timestamp)) > tolerance) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signChatwootWebhook(input.secret, input.timestamp, input.rawBody));
  const given = Buffer.from(input.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}
