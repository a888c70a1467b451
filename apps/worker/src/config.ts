import { DEV_ENCRYPTION_KEY } from '@switchboard/db';
import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Port of the worker's ops server (/healthz, /readyz, /metrics). */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  WORKER_HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/switchboard'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Base URL of the Graph API: Meta's, or the sandbox's in the demo and tests. */
  WHATSAPP_GRAPH_URL: z.string().url().default('https://graph.facebook.com'),
  WHATSAPP_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, 'must look like v24.0').default('v24.0'),
  /** Keyring for secrets at rest (`kid:base64key[,…]`); the public dev key outside production. */
  ENCRYPTION_KEY: z.string().min(1).optional(),
});

export type WorkerConfig = z.infer<typeof configSchema> & { ENCRYPTION_KEY: string };

/** Reads and validates the worker's environment once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid worker configuration:\n${problems}`);
  }
  const config = result.data;
  if (!config.ENCRYPTION_KEY) {
    if (config.NODE_ENV === 'production') throw new Error('Invalid worker configuration:\n  ENCRYPTION_KEY: required in production');
    config.ENCRYPTION_KEY = DEV_ENCRYPTION_KEY;
  }
  return config as WorkerConfig;
}
