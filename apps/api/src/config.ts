import { DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  API_HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/switchboard'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  APP_URL: z.string().url().default('http://localhost:3000'),
  /** Largest request body the public API accepts, in bytes. */
  API_BODY_LIMIT: z.coerce.number().int().positive().default(1024 * 1024),
  /** Public base URL of this api, used for the webhook URL channels show (defaults to APP_URL, whose origin may proxy /api). */
  PUBLIC_API_URL: z.string().url().optional(),
  /** Requests per minute each API key may make to /api/v1 (fixed one-minute window in Redis). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** How long a verified API key is trusted without a database lookup; a revoked key stops working within this. 0 disables. */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Accept http:// webhook endpoint URLs (default: only when NODE_ENV=development). */
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).optional(),
  /** Tests only: exact host:port entries a webhook endpoint may use although private; refused in production. */
  WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: z.string().optional(),
  /** How long a rotated webhook secret keeps signing beside the new one. */
  WEBHOOK_SECRET_GRACE_MS: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How knowledge uploads reach the workspace's AI provider for embeddings: `public` (SSRF-guarded) or `any` (self-hosted model servers on the private network). */
  AI_PROVIDER_NETWORK: z.enum(['public', 'any']).default('public'),
  /** Tests only: host:port entries the AI provider may use although private (over http); refused in production. */
  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: z.string().optional(),
  /** Keyring for secrets at rest (`kid:base64key[,…]`); the public dev key outside production. */
  ENCRYPTION_KEY: z.string().min(1).optional(),
});

export type ApiConfig = Omit<z.infer<typeof configSchema>, 'WEBHOOK_ALLOW_HTTP' | 'WEBHOOK_ALLOW_PRIVATE_FOR_TESTS' | 'AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS'> & {
  ENCRYPTION_KEY: string;
  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: string[];
  WEBHOOK_ALLOW_HTTP: boolean;
  WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: string[] | undefined;
};

/** Reads and validates the API's environment once; exits with the list of problems. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid api configuration:\n${problems}`);
  }
  const config = result.data;
  if (!config.ENCRYPTION_KEY) {
    if (config.NODE_ENV === 'production') throw new Error('Invalid api configuration:\n  ENCRYPTION_KEY: required in production');
    config.ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  }
  const allowPrivate = config.WEBHOOK_ALLOW_PRIVATE_FOR_TESTS?.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (allowPrivate?.length && config.NODE_ENV === 'production') {
    throw new Error('Invalid api configuration:\n  WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: not allowed in production');
  }
  const aiPrivate = (config.AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (aiPrivate.length > 0 && config.NODE_ENV === 'production') {
    throw new Error('Invalid api configuration:\n  AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: not allowed in production');
  }
  return {
    ...config,
    ENCRYPTION_KEY: config.ENCRYPTION_KEY,
    AI_PROVIDER_ALLOW_PRIVATE_FOR_TESTS: aiPrivate,
    WEBHOOK_ALLOW_HTTP: config.WEBHOOK_ALLOW_HTTP === undefined ? config.NODE_ENV === 'development' : config.WEBHOOK_ALLOW_HTTP === 'true',
    WEBHOOK_ALLOW_PRIVATE_FOR_TESTS: allowPrivate?.length ? allowPrivate : undefined,
  };
}
