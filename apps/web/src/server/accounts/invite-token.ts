import { createHash, randomBytes } from 'node:crypto';

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A new invite token (shown once, in the link) and the hash that is stored instead. */
export function generateInviteToken(): { token: string; tokenHash: string } {
  const token = `inv_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: hashInviteToken(token) };
}

/** SHA-256 of the token: the token has 256 random bits, so a fast hash is enough and lookups stay indexed. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
