/** One result of a parameterised statement: rows as plain objects (column name → value). */
export interface SqlResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** A parameterised statement; a `name` makes the driver prepare it once per connection. */
export interface SqlStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/**
 * The slice of a node-postgres `Pool` the hot paths use (POST /messages, the send step, the inbound
 * statement, the webhook ack): one autocommitted statement per call, parameters `$1…`, rows as
 * objects. A `pg.Pool` satisfies it as is, so core does not depend on `pg`. These paths skip Prisma
 * because its query compiler and one socket write per statement were most of the CPU
 * (docs/performance.md).
 */
export interface SqlPool {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
  query<R = Record<string, unknown>>(statement: SqlStatement): Promise<SqlResult<R>>;
}

/** Postgres error codes of a lost race: unique violation, serialization failure, deadlock. */
export function isSqlRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40001' || code === '40P01';
}

/** One connection checked out of a pool: a transaction's statements run on it; `release` hands it back. */
export interface SqlClient extends SqlPool {
  /** An error (or true) closes the connection instead of returning it to the pool. */
  release(error?: Error | boolean): void;
}

/** A pool that also lends single connections, for paths that need a transaction (the bot turn). A `pg.Pool` satisfies it. */
export interface SqlTransactionPool extends SqlPool {
  connect(): Promise<SqlClient>;
}
