import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_ENCRYPTION_KEY } from './dev-encryption-key';
import { DEFAULT_DATABASE_URL, loadDatabaseUrl, loadDbEnv } from './env';

describe('loadDbEnv', () => {
  it('defaults DATABASE_URL and falls back to the labelled dev key with a warning outside production', () => {
    const warnings: string[] = [];
    const env = loadDbEnv({}, (m) => warnings.push(m));
    expect(env).toEqual({
      databaseUrl: DEFAULT_DATABASE_URL,
      encryptionKey: DEV_ENCRYPTION_KEY,
      usingDevEncryptionKey: true,
    });
    expect(warnings.join()).toMatch(/DEVELOPMENT key/);
  });

  it('requires ENCRYPTION_KEY in production', () => {
    expect(() => loadDbEnv({ NODE_ENV: 'production' }, () => {})).toThrow(/ENCRYPTION_KEY is required in production/);
  });

  it('uses a valid ENCRYPTION_KEY without warning and rejects an invalid one', () => {
    const key = `k1:${randomBytes(32).toString('base64')}`;
    const warnings: string[] = [];
    expect(loadDbEnv({ NODE_ENV: 'production', ENCRYPTION_KEY: key }, (m) => warnings.push(m)).encryptionKey).toBe(key);
    expect(warnings).toEqual([]);
    expect(() => loadDbEnv({ ENCRYPTION_KEY: 'nope' }, () => {})).toThrow(/ENCRYPTION_KEY: .*32 bytes/);
  });

  it('rejects a DATABASE_URL that is not postgres', () => {
    expect(() => loadDbEnv({ DATABASE_URL: 'mysql://x' }, () => {})).toThrow(/DATABASE_URL/);
    expect(() => loadDatabaseUrl({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(loadDatabaseUrl({})).toBe(DEFAULT_DATABASE_URL);
  });
});
