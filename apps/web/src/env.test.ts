import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/switchboard' };

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({ ...base, NODE_ENV: 'development' });
    expect(env.APP_URL).toBe('http://localhost:3000');
    expect(env.API_URL).toBe('http://127.0.0.1:3001');
    expect(env.SANDBOX_PUBLIC_URL).toBe('http://127.0.0.1:3100');
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.NEXTAUTH_SECRET).toMatch(/insecure-development/);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ ...base, NODE_ENV: 'test', API_URL: '' }).API_URL).toBe('http://127.0.0.1:3001');
  });

  it('requires a secret in production but can derive it from ENCRYPTION_KEY', () => {
    expect(() => parseEnv({ ...base, NODE_ENV: 'production' })).toThrow(/NEXTAUTH_SECRET/);
    const derived = parseEnv({ ...base, NODE_ENV: 'production', ENCRYPTION_KEY: 'k1:abc' }).NEXTAUTH_SECRET;
    expect(derived).not.toContain('abc');
    expect(derived).toBe(parseEnv({ ...base, NODE_ENV: 'production', ENCRYPTION_KEY: 'k1:abc' }).NEXTAUTH_SECRET);
    expect(derived).not.toBe(parseEnv({ ...base, NODE_ENV: 'production', ENCRYPTION_KEY: 'k2:xyz' }).NEXTAUTH_SECRET);
    expect(parseEnv({ ...base, NODE_ENV: 'production', NEXTAUTH_SECRET: 'a'.repeat(32) }).NEXTAUTH_SECRET).toBe('a'.repeat(32));
  });

  it('names every invalid variable in one error', () => {
    expect(() => parseEnv({ DATABASE_URL: 'nope', PORT: 'abc' })).toThrow(/DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/);
    expect(() => parseEnv({ ...base, REDIS_URL: 'localhost' })).toThrow(/REDIS_URL/);
  });
});
