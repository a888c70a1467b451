import { createHash, timingSafeEqual } from 'node:crypto';

type QueryValue = string | readonly string[] | undefined | null;
export type SubscriptionQuery = URLSearchParams | Readonly<Record<string, QueryValue | unknown>>;

function single(query: SubscriptionQuery, key: string): string | undefined {
  if (query instanceof URLSearchParams) {
    const values = query.getAll(key);
    return values.length === 1 ? values[0] : undefined;
  }
  const value = query[key];
  return typeof value === 'string' ? value : undefined;
}

// Hashing first makes the comparison constant-time regardless of the tokens' lengths.
function sameToken(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Answers Meta's GET subscription handshake: returns `hub.challenge` (to send back as the plain-text 200 body) when
 * `hub.mode` is `subscribe` and `hub.verify_token` matches one of `verifyTokens`; otherwise null (answer 403).
 */
export function verifySubscription(query: SubscriptionQuery, verifyTokens: string | readonly string[]): string | null {
  const mode = single(query, 'hub.mode');
  const token = single(query, 'hub.verify_token');
  const challenge = single(query, 'hub.challenge');
  if (mode !== 'subscribe' || token === undefined || !challenge) return null;
  const tokens = (typeof verifyTokens === 'string' ? [verifyTokens] : verifyTokens).filter((t) => t.length > 0);
  let matched = false;
  for (const candidate of tokens) if (sameToken(token, candidate)) matched = true;
  return matched ? challenge : null;
}
