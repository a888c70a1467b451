import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { createPrismaClient } from './create-prisma-client';
import { testDatabaseAdminUrl } from './env';
import type { PrismaClient } from './generated/prisma/client';
import { migrateDatabase, migrationNames, quoteIdentifier } from './migrate-database';
import { MIGRATIONS_DIR } from './paths';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Database name, `switchboard_test_<suffix>`. */
  name: string;
  /** A client connected to it. */
  prisma: PrismaClient;
  /** Disconnects the client and drops the database. */
  drop(): Promise<void>;
}

const TEMPLATE_PREFIX = 'switchboard_template_';
// Any constant works; it only has to be the same for every process.
const TEMPLATE_LOCK_KEY = 734_219_001;

/**
 * Creates a fresh, fully migrated database `switchboard_test_<suffix>` on the
 * server of TEST_DATABASE_ADMIN_URL and returns a client for it.
 */
export async function createTestDatabase(name?: string): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  const database = testDatabaseName(name);
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`createTestDatabase: cannot connect to ${redact(adminUrl)}: ${(error as Error).message}`);
  }
  try {
    // Migrating takes a second (the Prisma CLI); copying a migrated template
    // takes a few milliseconds, so the migrations run once per migration set.
    const template = await ensureTemplate(admin, adminUrl);
    await admin.query(`CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE ${quoteIdentifier(template)}`);
  } finally {
    await admin.end();
  }

  const url = databaseUrlFor(adminUrl, database);
  const prisma = createPrismaClient(url, { maxConnections: 5 });
  let dropped = false;
  return {
    url,
    name: database,
    prisma,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // A client still holding a connection (a request a test left in flight)
      // would make $disconnect wait forever; DROP … WITH (FORCE) ends it anyway.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        prisma.$disconnect(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 5000);
        }),
      ]);
      clearTimeout(timer);
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function testDatabaseName(name: string | undefined): string {
  const label = (name ?? 'db')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 30);
  // Postgres truncates identifiers at 63 bytes; this stays well below.
  return `switchboard_test_${label || 'db'}_${randomBytes(5).toString('hex')}`;
}

function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.href;
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.href;
}

/** Hash of every migration file: a new or edited migration gets a new template. */
async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of await migrationNames()) {
    hash.update(name);
    hash.update(await readFile(join(MIGRATIONS_DIR, name, 'migration.sql')));
  }
  return hash.digest('hex').slice(0, 16);
}

async function ensureTemplate(admin: pg.Client, adminUrl: string): Promise<string> {
  const template = `${TEMPLATE_PREFIX}${await migrationsFingerprint()}`;
  const exists = async () =>
    Boolean((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount);
  if (await exists()) return template;

  // Several test processes may start at once: one builds, the others wait.
  await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
  try {
    if (await exists()) return template;
    // Built under another name and renamed when complete, so a crash mid-way
    // never leaves a half-migrated template behind.
    const building = `${template}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdentifier(building)}`);
    await migrateDatabase(databaseUrlFor(adminUrl, building), { quiet: true });
    await admin.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`);
    await admin.query(`COMMENT ON DATABASE ${quoteIdentifier(template)} IS '${Date.now()}'`);
    await dropStaleTemplates(admin, template);
    return template;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
  }
}

/** Templates of other migration sets are kept for a day: another checkout (a
 * branch with a new migration, a CI run beside a developer's) may be creating
 * databases from one right now, and dropping it would fail that run. */
const STALE_TEMPLATE_AGE_MS = 24 * 60 * 60 * 1000;

export async function dropStaleTemplates(admin: pg.Client, current: string, prefix = TEMPLATE_PREFIX): Promise<void> {
  const others = await admin.query<{ datname: string; created: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS created FROM pg_database
     WHERE datname LIKE $2 AND datname <> $1`,
    [current, `${prefix.replace(/[\\%_]/g, '\\$&')}%`],
  );
  for (const { datname, created } of others.rows) {
    const createdAt = Number(created);
    // Templates from before this rule carry no timestamp and count as stale.
    if (Number.isFinite(createdAt) && createdAt > 0 && Date.now() - createdAt < STALE_TEMPLATE_AGE_MS) continue;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(datname)}`).catch(() => undefined);
  }
}
