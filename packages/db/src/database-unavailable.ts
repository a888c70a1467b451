import { Prisma } from './generated/prisma/client';

// Prisma's codes for "could not reach / lost / ran out of the database", not for a bad query.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
// What @prisma/adapter-pg reports when the socket or the server went away.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres' own messages for a client whose connection broke.
const PG_MESSAGES = ['Connection terminated', 'Client has encountered a connection error', 'Client was closed and is not queryable'];

/**
 * True when an error means Postgres is unreachable or dropped the connection (a restart, a killed
 * backend, an exhausted pool) rather than that the query was wrong: callers answer 503 and retry.
 * SQLSTATE classes 08 (connection exception) and 57P (operator intervention, e.g. pg_terminate_backend)
 * count; so do socket errors anywhere in the `cause` chain.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth += 1) {
    if (e instanceof Prisma.PrismaClientInitializationError) return true;
    if (e instanceof Prisma.PrismaClientKnownRequestError && PRISMA_CODES.has(e.code)) return true;
    const fields = e as { name?: unknown; code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown };
    const sqlState = typeof fields.originalCode === 'string' ? fields.originalCode : typeof fields.code === 'string' ? fields.code : '';
    if (/^08|^57P0/.test(sqlState) || SOCKET_CODES.has(sqlState)) return true;
    if (typeof fields.kind === 'string' && ADAPTER_KINDS.has(fields.kind)) return true;
    if (typeof fields.message === 'string' && PG_MESSAGES.some((m) => (fields.message as string).startsWith(m))) return true;
    e = fields.cause;
  }
  return false;
}
