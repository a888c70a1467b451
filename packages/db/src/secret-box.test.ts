import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from './secret-box';

const key = (): string => randomBytes(32).toString('base64');

describe('createSecretBox', () => {
  it('round-trips text, including unicode and the empty string', () => {
    const box = createSecretBox(`k1:${key()}`);
    for (const text of ['sandbox-access-token', 'Olá 👋 — ünïcödé', '', 'x'.repeat(100_000)]) {
      expect(box.decrypt(box.encrypt(text))).toBe(text);
    }
  });

  it('writes v1.<kid>.<iv>.<tag>.<ct> in base64url with a 96-bit IV', () => {
    const box = createSecretBox(`main:${key()}`);
    const token = box.encrypt('hello');
    const [version, kid, iv, tag, ct] = token.split('.');
    expect(version).toBe('v1');
    expect(kid).toBe('main');
    expect(Buffer.from(iv!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(ct!, 'base64url')).toHaveLength(5);
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(token).not.toContain('hello');
  });

  it('uses a fresh IV for every encryption', () => {
    const box = createSecretBox(key());
    const ivs = new Set(Array.from({ length: 1000 }, () => box.encrypt('same').split('.')[2]));
    expect(ivs.size).toBe(1000);
  });

  it('accepts a single base64 key or 64 hex characters as key id k1', () => {
    const raw = randomBytes(32);
    const fromBase64 = createSecretBox(raw.toString('base64'));
    const fromHex = createSecretBox(raw.toString('hex'));
    expect(fromBase64.activeKeyId).toBe('k1');
    expect(fromHex.activeKeyId).toBe('k1');
    expect(fromHex.decrypt(fromBase64.encrypt('same key'))).toBe('same key');
  });

  it('rotates: the first key encrypts, older keys still decrypt', () => {
    const oldKey = key();
    const oldBox = createSecretBox(`old:${oldKey}`);
    const oldToken = oldBox.encrypt('before rotation');
    const rotated = createSecretBox(`new:${key()},old:${oldKey}`);
    expect(rotated.keyIds).toEqual(['new', 'old']);
    expect(rotated.decrypt(oldToken)).toBe('before rotation');
    const newToken = rotated.encrypt('after rotation');
    expect(rotated.keyIdOf(newToken)).toBe('new');
    expect(rotated.keyIdOf(oldToken)).toBe('old');
  });

  it('names the missing key id when a token was made with a key not in the keyring', () => {
    const token = createSecretBox(`gone:${key()}`).encrypt('secret');
    const box = createSecretBox(`k2:${key()}`);
    expect(() => box.decrypt(token)).toThrow(SecretBoxError);
    expect(() => box.decrypt(token)).toThrow(/unknown encryption key id "gone"/);
  });

  it('detects tampering with any byte of the ciphertext, tag or IV', () => {
    const box = createSecretBox(`k1:${key()}`);
    const token = box.encrypt('transfer 100 to alice');
    const parts = token.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString('base64url');
      expect(() => box.decrypt(tampered.join('.'))).toThrow(/failed authentication/);
    }
  });

  it('rejects a token whose key id was swapped to another key of the keyring', () => {
    const a = key();
    const box = createSecretBox(`a:${a},b:${a}`);
    const token = box.encrypt('bound to a');
    expect(() => box.decrypt(token.replace('v1.a.', 'v1.b.'))).toThrow(/failed authentication/);
  });

  it('rejects malformed tokens with a clear error', () => {
    const box = createSecretBox(key());
    for (const bad of ['', 'plaintext', 'v2.k1.a.b.c', 'v1.k1.!!.b.c', 'v1.k1.AAAA.AAAA.AAAA', 'v1.k1.a.b']) {
      expect(() => box.decrypt(bad)).toThrow(/malformed secret token/);
    }
  });

  it('rejects bad keyrings with a clear error', () => {
    expect(() => createSecretBox('')).toThrow(/empty/);
    expect(() => createSecretBox('tooshort')).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => createSecretBox(`k1:${key()},k1:${key()}`)).toThrow(/duplicate key id "k1"/);
    expect(() => createSecretBox(`bad id:${key()}`)).toThrow(/invalid keyring entry/);
    expect(() => createSecretBox(`k1:${key()},k2:not-base64!`)).toThrow(/key "k2" must be 32 bytes/);
  });

  it('round-trips JSON values', () => {
    const box = createSecretBox(key());
    const value = { text: { body: 'hi', preview_url: false }, list: [1, null, 'x'] };
    expect(box.decryptJson(box.encryptJson(value))).toEqual(value);
    expect(() => box.encryptJson(undefined)).toThrow(/not JSON-serialisable/);
  });
});
