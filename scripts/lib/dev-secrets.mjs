// Local secrets for `npm start`: generated once per checkout and kept in
// run/ (git-ignored), so the demo works without configuration while no
// secret is ever committed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Returns { ENCRYPTION_KEY, NEXTAUTH_SECRET }, creating them on first use. */
export function devSecrets(path = 'run/dev-secrets.json') {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const secrets = {
    ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  mkdirSync('run', { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
