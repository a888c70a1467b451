// `npm run migration:new -w @switchboard/db -- <name>`: writes
// prisma/migrations/<UTC timestamp>_<name>/migration.sql from the difference
// between the newest migration's schema snapshot and prisma/schema.prisma,
// and stores the current schema as the new snapshot. Works offline: nothing
// introspects a live database.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { loadDatabaseUrl } from './env';
import { DB_PACKAGE_DIR, MIGRATIONS_DIR, SCHEMA_PATH } from './paths';
import { pendingSchemaChanges, SNAPSHOT_FILE } from './schema-drift';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name) || process.argv.length > 3) {
  process.stderr.write('usage: npm run migration:new -w @switchboard/db -- <name in snake_case>\n');
  process.exit(2);
}

try {
  const sql = await pendingSchemaChanges(loadDatabaseUrl());
  if (sql === null) {
    process.stderr.write('schema.prisma has no changes since the last migration; nothing written\n');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir);
    await writeFile(join(dir, 'migration.sql'), sql);
    await copyFile(SCHEMA_PATH, join(dir, SNAPSHOT_FILE));
    const shown = relative(DB_PACKAGE_DIR, dir);
    process.stderr.write(
      `wrote ${shown}/migration.sql\n` +
        'review it (add hand-written SQL such as data backfills at the end), then apply it with\n' +
        '  npm run migrate -w @switchboard/db\n',
    );
  }
} catch (error) {
  process.stderr.write(`migration:new: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
