import { createPrismaClient } from '@switchboard/db';
import { getEnv } from '../env';

export type Db = ReturnType<typeof createPrismaClient>;

// One client per process: dev hot reloads re-evaluate modules, and each new
// client would open its own connection pool.
const holder = globalThis as typeof globalThis & { switchboardWebDb?: Db };

/** The shared Prisma client of the web app. */
export function getDb(): Db {
  holder.switchboardWebDb ??= createPrismaClient(getEnv().DATABASE_URL);
  return holder.switchboardWebDb;
}
