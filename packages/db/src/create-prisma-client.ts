import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export interface PrismaClientOptions {
  /** Upper bound of the pg connection pool (pg's default is 10). */
  maxConnections?: number;
}

/** Creates a Prisma client on a pg connection pool for the given database URL. */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('createPrismaClient: databaseUrl must be a postgresql:// URL');
  }
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
  });
  return new PrismaClient({ adapter });
}
