import { createHmac } from 'node:crypto';
import { z } from 'zod';

// Validated lazily (on first use, then cached) so that `next build` can
// collect routes without a database URL or secrets in its environment.

const DEV_NEXTAUTH_SECRET = 'switchboard-insecure-development-secret';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a URL such as postgresql://user@host:5432/db' }),
  /** The Redis the worker reads: inbox replies are handed to its outbound pipeline (as the api's). */
  REDIS_URL: z.url({ error: 'REDIS_URL must be a URL such as redis://127.0.0.1:6379' }).default('redis://127.0.0.1:6379'),
  NEXTAUTH_SECRET: z.string().min(16, 'NEXTAUTH_SECRET must be at least 16 characters').optional(),
  APP_URL: z.url().default('http://localhost:3000'),
  API_URL: z.url().default('http://127.0.0.1:3001'),
  /** Public base URL of the api as outside services (Chatwoot) reach it; defaults to APP_URL, which proxies /api/v1 and /api/integrations. */
  PUBLIC_API_URL: z.url().optional(),
  SANDBOX_PUBLIC_URL: z.url().default('http://127.0.0.1:3100'),
  /** The sandbox as the server reaches it (control API, Graph for sandbox channels); defaults to SANDBOX_PUBLIC_URL. */
  SANDBOX_URL: z.url().optional(),
  /** Graph origin that "connect a number" checks credentials against (the sandbox in demos and tests), as the worker's. */
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'WHATSAPP_GRAPH_VERSION must look like v24.0').default('v24.0'),
  ENCRYPTION_KEY: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Accept http:// webhook endpoint URLs (default: only in development); the same knob as the api's. */
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).optional(),
  /** How long a rotated webhook secret keeps signing beside the new one (as the api). */
  WEBHOOK_SECRET_GRACE_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
  /** How "test connection" reaches an AI provider: `public` (SSRF-guarded, HTTPS) or `any` (as the worker's knob). */
  AI_PROVIDER_NETWORK: z.enum(['public', 'any']).default('public'),
  /** Tests only: host:port entries a provider may use although private (http allowed). */
  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: z.string().optional(),
  /** The test panel's flow HTTP blocks and agent HTTP tools may call http:// URLs (as the worker's knob). */
  BOT_HTTP_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** Tests only: host:port entries the test panel's HTTP calls may reach although private (as the worker's knob). */
  BOT_HTTP_ALLOW_PRIVATE_FOR_TESTS: z.string().optional(),
});

export type Env = Omit<z.infer<typeof schema>, 'NEXTAUTH_SECRET'> & { NEXTAUTH_SECRET: string };

/** Parses an environment record; throws one readable error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (docker-compose and .env files often produce them).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment for apps/web:\n${lines.join('\n')}`);
  }
  const env = result.data;
  return { ...env, NEXTAUTH_SECRET: resolveAuthSecret(env) };
}

// A self-hoster already sets ENCRYPTION_KEY; deriving the session secret from
// it (with a label, so the two never coincide) saves them a second secret.
function resolveAuthSecret(env: z.infer<typeof schema>): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.ENCRYPTION_KEY) return createHmac('sha256', env.ENCRYPTION_KEY).update('switchboard:nextauth-secret:v1').digest('base64url');
  if (env.NODE_ENV !== 'production') return DEV_NEXTAUTH_SECRET;
  throw new Error('Invalid environment for apps/web:\n  NEXTAUTH_SECRET: required in production (or set ENCRYPTION_KEY to derive it)');
}

let cached: Env | undefined;

/** The validated environment of the web app, parsed once per process. */
export function getEnv(): Env {
  if (!cached) {
    cached = parseEnv(process.env);
    // next-auth v4 reads NEXTAUTH_URL itself; APP_URL is our single knob for it.
    process.env.NEXTAUTH_URL ??= cached.APP_URL;
  }
  return cached;
}
