import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { childProcessEnv } from './env';
import { DB_PACKAGE_DIR } from './paths';

export interface PrismaCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the Prisma CLI in packages/db with DATABASE_URL set. Output is
 * captured; with `echo` it is also copied to this process's stderr (never
 * stdout, which callers such as `seed --json` keep for their result).
 */
export async function runPrismaCli(
  args: readonly string[],
  options: { databaseUrl: string; echo?: boolean },
): Promise<PrismaCliResult> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build/index.js');
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: DB_PACKAGE_DIR,
    env: childProcessEnv({ DATABASE_URL: options.databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.echo) process.stderr.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.echo) process.stderr.write(chunk);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stdout, stderr };
}
