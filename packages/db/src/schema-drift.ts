import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { migrationNames, parseDatabaseUrl } from './migrate-database';
import { MIGRATIONS_DIR, SCHEMA_PATH } from './paths';
import { runPrismaCli } from './run-prisma-cli';
/** Each migration folder keeps the schema it was generated from under this name. */
export const SNAPSHOT_FILE = 'schema.prisma';

/** The newest migration folder and the schema snapshot stored in it. */
export async function latestMigration(): Promise<{ name: string; snapshotPath: string }> {
  const name = (await migrationNames()).at(-1);
  if (name === undefined) throw new Error(`no migrations in ${MIGRATIONS_DIR}`);
  const snapshotPath = join(MIGRATIONS_DIR, name, SNAPSHOT_FILE);
  if (!existsSync(snapshotPath)) {
    throw new Error(`migration ${name} has no ${SNAPSHOT_FILE} snapshot; copy the schema it was generated from there`);
  }
  return { name, snapshotPath };
}

/**
 * SQL that takes the latest migration's schema snapshot to the current
 * schema.prisma, or null when they are equivalent. `prisma migrate diff`
 * needs a database connection only to load its engine; the server's
 * `postgres` database is used and nothing is written.
 */
export async function pendingSchemaChanges(databaseUrl: string): Promise<string | null> {
  const { snapshotPath } = await latestMigration();
  const result = await runPrismaCli(
    ['migrate', 'diff', '--from-schema-datamodel', snapshotPath, '--to-schema-datamodel', SCHEMA_PATH, '--script', '--exit-code'],
    { databaseUrl: parseDatabaseUrl(databaseUrl).adminUrl },
  );
  // --exit-code: 0 = no difference, 2 = a difference, anything else = error.
  if (result.code === 0) return null;
  if (result.code === 2) return result.stdout;
  throw new Error(`prisma migrate diff failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
}
