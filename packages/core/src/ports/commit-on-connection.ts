import type { SqlClient, SqlTransactionPool } from './sql-pool';

/**
 * Runs `work` on one connection of `pool` and commits: `work` opens the transaction itself (its first
 * message pipelines `BEGIN` with the first statements, saving a round trip). On an error it rolls
 * back (harmless when no transaction is open) and returns the connection; a connection that cannot
 * even roll back is closed instead.
 */
export async function commitOnConnection<T>(pool: SqlTransactionPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}
