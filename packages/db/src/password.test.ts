import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('rejects empty and oversized passwords when hashing', async () => {
    await expect(hashPassword('')).rejects.toThrow(/non-empty/);
    await expect(hashPassword('x'.repeat(1025))).rejects.toThrow(/longer than 1024/);
  });

  it('reports a stored value that is not an argon2 hash instead of answering false', async () => {
    await expect(verifyPassword('pw', 'plaintext-password')).rejects.toThrow(/not an argon2 PHC string/);
    await expect(verifyPassword('pw', '$argon2id$garbage')).rejects.toThrow(/malformed/);
  });
});
