import { randomInt } from 'node:crypto';

export type HandshakeResult = { ok: true } | { ok: false; reason: string; status_code: number | null };

/**
 * Meta's subscription check: GET the callback with hub.mode=subscribe, the verify token and a
 * random challenge; the endpoint proves it is ours by answering 200 with the challenge as the body.
 */
export async function verifySubscription(url: string, verifyToken: string, timeoutMs: number): Promise<HandshakeResult> {
  const challenge = String(randomInt(1_000_000_000, 2_147_483_647));
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  try {
    const response = await fetch(target, {
      headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.text()).trim();
    if (response.status !== 200) {
      return { ok: false, status_code: response.status, reason: `callback answered HTTP ${response.status} to the verification request` };
    }
    if (body !== challenge) {
      return { ok: false, status_code: response.status, reason: 'callback did not echo hub.challenge as its response body' };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, status_code: null, reason: `callback could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}
