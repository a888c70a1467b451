import { createHash } from 'node:crypto';

/**
 * sha256 hex of a channel's webhook verify token, as stored in
 * channels.verify_token_hash: Meta's GET handshake carries only the token,
 * so the channel is found by this hash.
 */
export function hashVerifyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
