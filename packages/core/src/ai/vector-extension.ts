import type { Prisma, PrismaClient } from '@switchboard/db';

let installed: Promise<boolean> | undefined;

/**
 * Whether the database has pgvector (`vector` in `pg_extension`), asked once
 * per process: installing the extension takes a restart of the app to be
 * used. A failed check is not cached.
 */
export function hasVectorExtension(db: PrismaClient | Prisma.TransactionClient): Promise<boolean> {
  installed ??= db
    .$queryRaw<{ present: boolean }[]>`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS present`
    .then((rows) => rows[0]?.present === true)
    .catch((error: unknown) => {
      installed = undefined;
      throw error;
    });
  return installed;
}
