import { z } from 'zod';
import { DEV_ENCRYPTION_KEY } from './dev-encryption-key';
import { createSecretBox } from './secret-box';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/switchboard';

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default(DEFAULT_DATABASE_URL),
  ENCRYPTION_KEY: z
    .string()
    .optional()
    .refine((value) => value === undefined || value.trim() !== '', 'must not be empty')
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        createSecretBox(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
});

/** Reads DATABASE_URL (with the local default) for scripts that need only the database. */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = envSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL);
  if (!parsed.success) throw new Error(`invalid environment: DATABASE_URL: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface DbEnv {
  databaseUrl: string;
  encryptionKey: string;
  /** True when ENCRYPTION_KEY was unset and the public development key is used. */
  usingDevEncryptionKey: boolean;
}

/** Reads and validates the env of this package's scripts (migrate, seed). */
export function loadDbEnv(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): DbEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  const { NODE_ENV, DATABASE_URL, ENCRYPTION_KEY } = parsed.data;
  if (ENCRYPTION_KEY !== undefined) {
    return { databaseUrl: DATABASE_URL, encryptionKey: ENCRYPTION_KEY, usingDevEncryptionKey: false };
  }
  if (NODE_ENV === 'production') {
    throw new Error(
      'invalid environment: ENCRYPTION_KEY is required in production (e.g. "k1:" followed by `openssl rand -base64 32`)',
    );
  }
  warn(
    'warning: ENCRYPTION_KEY is not set; using the public DEVELOPMENT key (kid "dev-insecure"). Never use it for real secrets.',
  );
  return { databaseUrl: DATABASE_URL, encryptionKey: DEV_ENCRYPTION_KEY, usingDevEncryptionKey: true };
}

/** This process's env with overrides, for child processes (the Prisma CLI). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** Admin URL of the Postgres server on which test databases are created. */
export function testDatabaseAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('TEST_DATABASE_ADMIN_URL must be a postgresql:// URL');
  return url;
}
