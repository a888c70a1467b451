import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { MIGRATIONS_DIR } from './paths';
import { runPrismaCli } from './run-prisma-cli';

/** Splits a postgres URL into the database name and the URL of the server's `postgres` database. */
export function parseDatabaseUrl(databaseUrl: string): { database: string; adminUrl: string } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error('database URL is not a valid URL');
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new Error(`database URL must use postgresql://, got ${url.protocol}//`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') throw new Error('database URL names no database');
  const admin = new URL(url.href);
  admin.pathname = '/postgres';
  return { database, adminUrl: admin.href };
}

/** Quotes an identifier for SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Creates the database named in the URL when it does not exist yet; true if it was created. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const { database, adminUrl } = parseDatabaseUrl(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    } catch (error) {
      // Another process created it between the check and the CREATE.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}

/** Names of the committed migrations, oldest first. */
export async function migrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * Committed migrations the database has not finished applying. A migration
 * that started and failed counts as unapplied, so the CLI gets to report it.
 */
export async function unappliedMigrations(databaseUrl: string): Promise<string[]> {
  const names = await migrationNames();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!table.rows[0]?.t) return names;
    const rows = await client.query<{ migration_name: string; finished: boolean }>(
      'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL',
    );
    if (rows.rows.some((row) => !row.finished)) return names;
    const applied = new Set(rows.rows.map((row) => row.migration_name));
    return names.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/** Applies every committed migration (`prisma migrate deploy`) to the database. */
export async function migrateDatabase(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  // The Prisma CLI lingers ~10 s after a migrate deploy (a timer inside its
  // wasm schema engine), so it only runs when there is something to apply.
  const pending = await unappliedMigrations(databaseUrl);
  if (pending.length === 0) {
    if (!options.quiet) process.stderr.write('No pending migrations to apply.\n');
    return;
  }
  const result = await runPrismaCli(['migrate', 'deploy'], { databaseUrl, echo: !options.quiet });
  if (result.code !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim();
    throw new Error(`prisma migrate deploy failed (exit ${result.code})${options.quiet && output ? `:\n${output}` : ''}`);
  }
}
