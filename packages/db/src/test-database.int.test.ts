import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, dropStaleTemplates } from './test-database';

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates separate migrated databases concurrently and drops them', async () => {
    const [a, b] = await Promise.all([createTestDatabase('Concurrent A!'), createTestDatabase()]);
    try {
      expect(a.name).toMatch(/^switchboard_test_concurrent_a_[0-9a-f]{10}$/);
      expect(b.name).toMatch(/^switchboard_test_db_[0-9a-f]{10}$/);
      expect(a.url).toContain(`/${a.name}`);
      await a.prisma.workspace.create({ data: { name: 'only in a', slug: 'x' } });
      expect(await a.prisma.workspace.count()).toBe(1);
      expect(await b.prisma.workspace.count()).toBe(0);
      const migrations = await b.prisma.$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
      expect(Number(migrations[0]?.n)).toBeGreaterThan(0);
    } finally {
      await a.drop();
      await b.drop();
    }
    expect(await databaseExists(a.name)).toBe(false);
    expect(await databaseExists(b.name)).toBe(false);
  });

  it('keeps templates of other migration sets for a day, then drops them', async () => {
    const suffix = Date.now().toString(36);
    // Its own prefix, so the suite's real templates are never touched.
    const prefix = `switchboard_template_t${suffix}_`;
    const [fresh, old, unstamped] = ['fresh', 'old', 'unstamped'].map((label) => `${prefix}${label}`) as [string, string, string];
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      for (const name of [fresh, old, unstamped]) await admin.query(`CREATE DATABASE "${name}"`);
      await admin.query(`COMMENT ON DATABASE "${fresh}" IS '${Date.now() - 60_000}'`);
      await admin.query(`COMMENT ON DATABASE "${old}" IS '${Date.now() - 25 * 60 * 60 * 1000}'`);
      await dropStaleTemplates(admin, `${prefix}current`, prefix);
      expect(await databaseExists(fresh)).toBe(true);
      expect(await databaseExists(old)).toBe(false);
      expect(await databaseExists(unstamped)).toBe(false);
    } finally {
      for (const name of [fresh, old, unstamped]) await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });
});
