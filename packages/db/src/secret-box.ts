import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Token layout: v1.<kid>.<iv>.<tag>.<ciphertext>, the last three base64url.
// The key id travels with the ciphertext so old rows stay readable after the
// active key changes (add the new key first in the keyring, keep the old one
// after it until every row has been re-encrypted).
const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12; // 96-bit IVs (NIST SP 800-38D §8.2)
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

/** Thrown when a keyring cannot be parsed or a token cannot be decrypted. */
export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/** Encrypts and decrypts short secrets (tokens, message bodies) for storage. */
export interface SecretBox {
  /** Key id used for new encryptions. */
  readonly activeKeyId: string;
  /** Key ids this box can decrypt, active first. */
  readonly keyIds: readonly string[];
  /** Encrypts UTF-8 text into a `v1.<kid>.<iv>.<tag>.<ct>` token. */
  encrypt(plaintext: string): string;
  /** Decrypts a token produced by `encrypt` with any key of the keyring. */
  decrypt(token: string): string;
  /** Encrypts a JSON-serialisable value. */
  encryptJson(value: unknown): string;
  /** Decrypts a token produced by `encryptJson`. */
  decryptJson(token: string): unknown;
  /** Key id a token was encrypted with (to find rows that need re-encryption). */
  keyIdOf(token: string): string;
}

/**
 * Creates a secret box from a keyring: `kid1:base64key[,kid2:base64key]`
 * (first = active), or a single 32-byte key as base64 or 64 hex characters
 * (key id `k1`).
 */
export function createSecretBox(keyring: string): SecretBox {
  const keys = parseKeyring(keyring);
  const [active] = keys;
  if (!active) throw new SecretBoxError('keyring is empty');
  const byId = new Map(keys.map((k) => [k.id, k.key]));

  const encrypt = (plaintext: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, active.key, iv, { authTagLength: TAG_BYTES });
    // The version and key id are authenticated too, so they cannot be swapped.
    cipher.setAAD(Buffer.from(`${VERSION}.${active.id}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, active.id, b64(iv), b64(tag), b64(ciphertext)].join('.');
  };

  const decrypt = (token: string): string => {
    const parts = parseToken(token);
    const key = byId.get(parts.kid);
    if (!key) {
      throw new SecretBoxError(
        `unknown encryption key id "${parts.kid}" (keyring has: ${[...byId.keys()].join(', ')}); add the old key to ENCRYPTION_KEY`,
      );
    }
    const decipher = createDecipheriv(ALGORITHM, key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}.${parts.kid}`));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`secret token failed authentication (tampered, truncated or wrong key for "${parts.kid}")`);
    }
  };

  return {
    activeKeyId: active.id,
    keyIds: keys.map((k) => k.id),
    encrypt,
    decrypt,
    encryptJson: (value) => {
      const json = JSON.stringify(value);
      if (json === undefined) throw new SecretBoxError('encryptJson: value is not JSON-serialisable');
      return encrypt(json);
    },
    decryptJson: (token) => JSON.parse(decrypt(token)) as unknown,
    keyIdOf: (token) => parseToken(token).kid,
  };
}

interface Key {
  id: string;
  key: Buffer;
}

function parseKeyring(keyring: string): Key[] {
  const text = keyring.trim();
  if (text === '') throw new SecretBoxError('encryption keyring is empty');
  if (!text.includes(':')) return [{ id: 'k1', key: parseKey(text, 'k1') }];
  const keys = text.split(',').map((entry): Key => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    const material = entry.slice(separator + 1).trim();
    if (separator < 0 || !KID_PATTERN.test(id)) {
      throw new SecretBoxError(
        `invalid keyring entry "${id || entry.slice(0, 8)}…": expected kid:base64key with kid of letters, digits, _ or -`,
      );
    }
    return { id, key: parseKey(material, id) };
  });
  const ids = new Set<string>();
  for (const { id } of keys) {
    if (ids.has(id)) throw new SecretBoxError(`duplicate key id "${id}" in keyring`);
    ids.add(id);
  }
  return keys;
}

function parseKey(material: string, id: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(material) ? Buffer.from(material, 'hex') : decodeBase64(material);
  if (key?.length !== KEY_BYTES) {
    throw new SecretBoxError(`key "${id}" must be 32 bytes as base64 or 64 hex characters`);
  }
  return key;
}

function decodeBase64(text: string): Buffer | undefined {
  // Buffer.from(…, 'base64') silently skips junk, so validate first.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

function parseToken(token: string): { kid: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  if (typeof token !== 'string') throw new SecretBoxError('secret token must be a string');
  const parts = token.split('.');
  const [version, kid, iv, tag, ciphertext] = parts;
  if (parts.length !== 5 || version !== VERSION || kid === undefined || !KID_PATTERN.test(kid)) {
    throw new SecretBoxError('malformed secret token: expected v1.<kid>.<iv>.<tag>.<ciphertext>');
  }
  if (![iv, tag, ciphertext].every((p) => p !== undefined && BASE64URL_PATTERN.test(p))) {
    throw new SecretBoxError('malformed secret token: parts must be base64url');
  }
  const ivBytes = Buffer.from(iv ?? '', 'base64url');
  const tagBytes = Buffer.from(tag ?? '', 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new SecretBoxError('malformed secret token: wrong IV or tag length');
  }
  return { kid, iv: ivBytes, tag: tagBytes, ciphertext: Buffer.from(ciphertext ?? '', 'base64url') };
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
