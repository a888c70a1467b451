// The environment `npm start` runs the apps with: .env first, then the
// per-checkout secrets in run/dev-secrets.json, then local defaults. The
// root `npm run seed` uses it too, so the seed encrypts with the same key
// the running apps decrypt with.
import { devSecrets } from './dev-secrets.mjs';
import { loadEnvFile } from './env-file.mjs';

/** Returns the full environment for local runs (does not modify process.env except via .env). */
export function localEnv() {
  loadEnvFile('.env');
  // Generated secrets only fill what is not configured (compose and production set both).
  const secrets = process.env.ENCRYPTION_KEY && process.env.NEXTAUTH_SECRET ? {} : devSecrets();
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    PORT: process.env.PORT ?? '3000',
    API_PORT: process.env.API_PORT ?? '3001',
    SANDBOX_PORT: process.env.SANDBOX_PORT ?? '3100',
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? secrets.ENCRYPTION_KEY,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? secrets.NEXTAUTH_SECRET,
  };
  env.APP_URL ??= `http://localhost:${env.PORT}`;
  env.NEXTAUTH_URL ??= env.APP_URL;
  env.API_URL ??= `http://127.0.0.1:${env.API_PORT}`;
  env.PUBLIC_API_URL ??= env.API_URL;
  env.SANDBOX_PUBLIC_URL ??= `http://127.0.0.1:${env.SANDBOX_PORT}`;
  env.WHATSAPP_GRAPH_URL ??= env.SANDBOX_PUBLIC_URL;
  return env;
}
