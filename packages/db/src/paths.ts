import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Resolved from this source file, so these work from tsx and vitest (which
// run the TypeScript in place) but not from an esbuild bundle of an app.

/** packages/db, where prisma.config.ts lives. */
// Not `new URL('..', import.meta.url)`: bundlers (Turbopack) treat that as an asset import.
export const DB_PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MIGRATIONS_DIR = join(DB_PACKAGE_DIR, 'prisma/migrations');
export const SCHEMA_PATH = join(DB_PACKAGE_DIR, 'prisma/schema.prisma');
