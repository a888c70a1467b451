import { z } from 'zod';

const retryScheduleSchema = z
  .string()
  .regex(/^\d+(,\d+)*$/, { error: 'must be a comma-separated list of milliseconds, e.g. 500,2000,10000' })
  .transform((value) => value.split(',').map(Number));

const envSchema = z.object({
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SANDBOX_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  SANDBOX_WEBHOOK_RETRY_MS: retryScheduleSchema.default([500, 2_000, 10_000, 30_000, 60_000]),
});

export interface SandboxConfig {
  port: number;
  host: string;
  /** Base URL the sandbox puts in media download links. */
  publicUrl: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  webhookTimeoutMs: number;
  webhookRetryScheduleMs: number[];
}

/** Reads and validates the sandbox's environment once; exits with a readable message when it is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid sandbox configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    publicUrl: (e.SANDBOX_PUBLIC_URL ?? `http://${e.SANDBOX_HOST}:${e.SANDBOX_PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    webhookTimeoutMs: e.SANDBOX_WEBHOOK_TIMEOUT_MS,
    webhookRetryScheduleMs: e.SANDBOX_WEBHOOK_RETRY_MS,
  };
}
