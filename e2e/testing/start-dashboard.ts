// The dashboard as users get it from `npm start`: the production build of
// apps/web (`next start`) on a fresh database seeded with the demo workspace.
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createSecretBox, createTestDatabase, DEMO_SEED, seedDemo, type SecretBox, type TestDatabase } from '@switchboard/db';
import { freePort } from '@switchboard/testing';
import type { Page } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface RunningDashboard {
  base: string;
  db: TestDatabase;
  secretBox: SecretBox;
  /** Signs in with the demo login and waits for the demo workspace. */
  signIn(page: Page): Promise<void>;
  stop(): Promise<void>;
}

export interface DashboardOptions {
  /** Serve this (already seeded) database instead of a fresh one; it is not dropped on stop. */
  db?: TestDatabase;
  /** The key the database's secrets were encrypted with (default: a test key). */
  encryptionKey?: string;
  /** More environment for `next start` (API_URL, SANDBOX_URL, REDIS_URL of the stack's worker, …). */
  env?: Record<string, string>;
}

/** Builds apps/web (a no-op through Turbo's cache when nothing changed), seeds the demo and starts `next start`. */
export async function startDashboard(name: string, options: DashboardOptions = {}): Promise<RunningDashboard> {
  const build = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@switchboard/web', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('next build failed');
  const encryptionKey = options.encryptionKey ?? `k1:${Buffer.alloc(32, 9).toString('base64')}`;
  const secretBox = createSecretBox(encryptionKey);
  const db = options.db ?? (await createTestDatabase(name));
  if (!options.db) await seedDemo(db.prisma, secretBox);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: resolve(repoRoot, 'apps/web'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      ENCRYPTION_KEY: encryptionKey,
      NEXTAUTH_SECRET: 'e2e-nextauth-secret',
      APP_URL: base,
      NEXTAUTH_URL: base,
      // Inbox replies are handed to the worker through this Redis; a stack's own goes in options.env.
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  web.stdout?.on('data', (c) => (output += c));
  web.stderr?.on('data', (c) => (output += c));
  const stop = async () => {
    if (web.pid && web.exitCode === null) {
      const exited = new Promise((r) => web.once('exit', r));
      process.kill(-web.pid, 'SIGTERM');
      await exited;
    }
    if (!options.db) await db.drop();
  };
  for (let i = 0; ; i += 1) {
    if (web.exitCode !== null || i === 300) {
      await stop();
      throw new Error(`next start did not become healthy:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/api/healthz`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    db,
    secretBox,
    async signIn(page) {
      await page.goto(`${base}/login`);
      await page.getByTestId('login-email').fill(DEMO_SEED.userEmail);
      await page.getByTestId('login-password').fill(DEMO_SEED.userPassword);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('workspace-name').waitFor();
    },
    stop,
  };
}
