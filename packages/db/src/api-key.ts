import { createHash, randomInt } from 'node:crypto';

export { ALL_API_KEY_SCOPES, apiKeyScopeSchema, type ApiKeyScope } from './api-key-scope';

export const API_KEY_PREFIX = 'sb_live_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// 40 base62 characters ≈ 238 bits of entropy.
const RANDOM_LENGTH = 40;
// What the dashboard shows: "sb_live_" plus 4 random characters.
const DISPLAY_PREFIX_LENGTH = 12;
const API_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{32,128}$`);

export interface GeneratedApiKey {
  /** The secret; shown to the user once, never stored. */
  key: string;
  /** First characters of the key, stored for display. */
  prefix: string;
  /** sha256 hex of the key, stored and looked up on every request. */
  hash: string;
}

/** Generates a new API key `sb_live_<40 base62 chars>` with its display prefix and hash. */
export function generateApiKey(): GeneratedApiKey {
  let random = '';
  // randomInt is uniform (rejection sampling), so there is no modulo bias.
  for (let i = 0; i < RANDOM_LENGTH; i += 1) random += BASE62[randomInt(BASE62.length)];
  const key = `${API_KEY_PREFIX}${random}`;
  return { key, prefix: key.slice(0, DISPLAY_PREFIX_LENGTH), hash: hashApiKey(key) };
}

/** sha256 hex of an API key: the value stored in `api_keys.hash`. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** True when the text has the shape of one of our API keys (cheap pre-check before a lookup). */
export function looksLikeApiKey(text: string): boolean {
  return API_KEY_PATTERN.test(text);
}
