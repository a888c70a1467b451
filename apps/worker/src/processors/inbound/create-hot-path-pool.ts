import type { SqlTransactionPool } from '@switchboard/core';
import pg from 'pg';
import type { WorkerContext } from '../../worker-context';

/**
 * A small pg pool for the inbound and bot hot paths, which write single raw
 * statements (no Prisma in between: its query compiler and per-statement
 * round trips were most of the worker's CPU, docs/performance.md). Connections
 * open on first use and close when idle.
 */
export function createHotPathPool(ctx: WorkerContext, max: number): SqlTransactionPool & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: ctx.config.DATABASE_URL, max, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000 });
  // An idle connection that breaks (Postgres restarted) must not crash the worker; the next query reconnects.
  pool.on('error', (error) => ctx.logger.warn({ err: error.message }, 'hot-path pg connection error'));
  // A connection killed while checked out also emits on the client; without a listener that would crash the worker.
  pool.on('connect', (client) => client.on('error', (error) => ctx.logger.debug({ err: error.message }, 'hot-path pg connection failed')));
  return pool;
}
