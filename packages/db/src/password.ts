import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (~25 ms here). The
// parameters are written into the PHC string, so raising them later still
// verifies old hashes.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, unusable under isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Bounds the work a single login request can cause.
const MAX_PASSWORD_LENGTH = 1024;

/** Hashes a password with argon2id into a PHC string (`$argon2id$v=19$…`). */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string' || password.length === 0) {
    throw new Error('hashPassword: password must be a non-empty string');
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new Error(`hashPassword: password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  return hash(password, OPTIONS);
}

/** True when `password` matches a hash made by `hashPassword`. */
export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  if (typeof passwordHash !== 'string' || !passwordHash.startsWith('$argon2')) {
    throw new Error('verifyPassword: stored hash is not an argon2 PHC string');
  }
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch (error) {
    throw new Error(`verifyPassword: stored hash is malformed (${(error as Error).message})`);
  }
}
