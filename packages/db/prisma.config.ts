// Prisma CLI configuration. The JavaScript schema engine with the pg driver
// adapter lets generate / migrate deploy / migrate diff run offline: the
// classic Rust engines would be downloaded on first use.
import { defineConfig } from 'prisma/config';
import { MigrationAdapterFactory } from './src/migration-adapter';

// The schema's `env("DATABASE_URL")` must resolve even for commands that never
// connect (generate); an unresolved env() makes the CLI fall back to
// downloading the classic engine.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/switchboard';
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  experimental: { adapter: true },
  // allowExitOnIdle: the CLI does not always close its pool, and pg's idle
  // timeout would otherwise keep the process alive for 10 s after each command.
  adapter: async () => new MigrationAdapterFactory({ connectionString: databaseUrl, allowExitOnIdle: true }),
});
