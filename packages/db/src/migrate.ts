// `npm run migrate -w @switchboard/db`: creates DATABASE_URL's database if
// needed, then applies the committed migrations.
import { loadDatabaseUrl } from './env';
import { ensureDatabase, migrateDatabase, parseDatabaseUrl } from './migrate-database';

try {
  const databaseUrl = loadDatabaseUrl();
  const { database } = parseDatabaseUrl(databaseUrl);
  if (await ensureDatabase(databaseUrl)) process.stderr.write(`created database "${database}"\n`);
  await migrateDatabase(databaseUrl);
} catch (error) {
  process.stderr.write(`migrate: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
