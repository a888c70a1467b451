import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALL_API_KEY_SCOPES, apiKeyScopeSchema, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

describe('generateApiKey', () => {
  it('returns sb_live_ + ≥32 base62 characters, its display prefix and sha256 hash', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^sb_live_[0-9A-Za-z]{32,}$/);
    expect(prefix).toBe(key.slice(0, 12));
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it('never repeats and uses the whole base62 alphabet', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey().key);
    expect(new Set(keys).size).toBe(keys.length);
    const alphabet = new Set(keys.join('').replaceAll('sb_live_', ''));
    expect(alphabet.size).toBe(62);
  });
});

describe('hashApiKey', () => {
  it('is the deterministic sha256 hex of the key', () => {
    expect(hashApiKey('sb_live_abc')).toBe(hashApiKey('sb_live_abc'));
    expect(hashApiKey('sb_live_abc')).not.toBe(hashApiKey('sb_live_abd'));
  });
});

describe('looksLikeApiKey', () => {
  it('rejects other shapes', () => {
    for (const text of ['', 'sb_live_short', 'Bearer sb_live_' + 'a'.repeat(40), 'sk_live_' + 'a'.repeat(40)]) {
      expect(looksLikeApiKey(text)).toBe(false);
    }
  });
});

describe('apiKeyScopeSchema', () => {
  it('lists the seven scopes and rejects others', () => {
    expect(ALL_API_KEY_SCOPES).toEqual([
      'messages:write',
      'messages:read',
      'channels:write',
      'channels:read',
      'webhooks:write',
      'bots:write',
      'conversations:write',
    ]);
    expect(apiKeyScopeSchema.safeParse('admin').success).toBe(false);
  });
});
