import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDatabase, migrationNames, quoteIdentifier, unappliedMigrations } from './migrate-database';
import { MigrationAdapterFactory } from './migration-adapter';
import { pendingSchemaChanges } from './schema-drift';
import { createTestDatabase, type TestDatabase } from './test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('migrations');
});
afterAll(async () => {
  await db?.drop();
});

describe('ensureDatabase / unappliedMigrations', () => {
  it('creates a missing database once and sees every migration as unapplied there', async () => {
    const url = new URL(db.url);
    url.pathname = `/${db.name}_fresh`;
    try {
      expect(await ensureDatabase(url.href)).toBe(true);
      expect(await ensureDatabase(url.href)).toBe(false);
      expect(await unappliedMigrations(url.href)).toEqual(await migrationNames());
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS ${quoteIdentifier(`${db.name}_fresh`)}`);
    }
    expect(await unappliedMigrations(db.url)).toEqual([]);
  });
});

describe('schema.prisma', () => {
  it('has no changes that a committed migration does not carry (npm run migration:new)', async () => {
    expect(await pendingSchemaChanges(db.url)).toBeNull();
  });
});

describe('MigrationAdapterFactory', () => {
  it('runs a script with semicolons inside a function body as one statement batch', async () => {
    const adapter = await new MigrationAdapterFactory({ connectionString: db.url }).connect();
    try {
      await adapter.executeScript(`
        CREATE TABLE "probe" ("id" int);
        CREATE FUNCTION "probe_fn"() RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
          RETURN 1;
        END;
        $$;`);
    } finally {
      await adapter.dispose();
    }
    const rows = await db.prisma.$queryRaw<{ v: number }[]>`SELECT probe_fn() AS v`;
    expect(rows).toEqual([{ v: 1 }]);
  });

  it('applies nothing of a failing script and reports the Postgres error', async () => {
    const adapter = await new MigrationAdapterFactory({ connectionString: db.url }).connect();
    let failure: unknown;
    try {
      await adapter.executeScript('CREATE TABLE "half" ("id" int); SELECT no_such_function();').catch((e: unknown) => {
        failure = e;
      });
    } finally {
      await adapter.dispose();
    }
    expect(failure).toMatchObject({ name: 'DriverAdapterError', cause: { kind: 'postgres', code: '42883' } });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query("SELECT to_regclass('public.half') AS t")).rows).toEqual([{ t: null }]);
    } finally {
      await client.end();
    }
  });
});
