import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from './database-unavailable';
import { Prisma } from './generated/prisma/client';

// Shapes as @prisma/adapter-pg and node-postgres produce them (DriverAdapterError keeps the mapped error in `cause`).
function adapterError(cause: Record<string, unknown>): Error {
  const error = new Error(String(cause.message ?? cause.kind)) as Error & { cause: unknown };
  error.name = 'DriverAdapterError';
  error.cause = cause;
  return error;
}

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['a backend killed by pg_terminate_backend', adapterError({ kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' })],
    ['a connection exception', adapterError({ kind: 'postgres', code: '08006', message: 'connection failure' })],
    ['a closed socket', adapterError({ kind: 'ConnectionClosed' })],
    ['an unreachable server', adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['a broken pg client', new Error('Client has encountered a connection error and is not queryable')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a pool timeout', new Prisma.PrismaClientKnownRequestError('pool timeout', { code: 'P2024', clientVersion: 'x' })],
    ['a wrapped cause', new Error('outer', { cause: adapterError({ kind: 'ConnectionClosed' }) })],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new Prisma.PrismaClientKnownRequestError('unique', { code: 'P2002', clientVersion: 'x' })],
    ['a syntax error', adapterError({ kind: 'postgres', code: '42601', message: 'syntax error' })],
    ['a serialization failure', adapterError({ kind: 'TransactionWriteConflict' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['not an error', 'boom'],
  ])('leaves %s alone', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});
