import { PrismaPg } from '@prisma/adapter-pg';

type PgError = Error & { code?: string; severity?: string; detail?: string; column?: string; hint?: string };

// The schema engine only reports errors whose name is "DriverAdapterError"
// with a `cause` describing them; anything else becomes "External error id#0".
class ScriptError extends Error {
  override name = 'DriverAdapterError';
  override cause: Record<string, unknown>;

  constructor(error: PgError) {
    super(error.message);
    this.cause = {
      kind: 'postgres',
      code: error.code ?? 'N/A',
      severity: error.severity ?? 'N/A',
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
      originalCode: error.code,
      originalMessage: error.message,
    };
  }
}

/**
 * A pg driver adapter factory for the Prisma CLI that runs each migration
 * script as one multi-statement query.
 */
export class MigrationAdapterFactory extends PrismaPg {
  // @prisma/adapter-pg splits scripts on every ";" (breaking function bodies
  // and string literals) and runs the pieces one by one, so a failing
  // migration is left half-applied. Sending the whole script in one simple
  // query runs it in Postgres's implicit transaction, as the classic engine
  // did: a migration applies completely or not at all.
  override async connect(): ReturnType<PrismaPg['connect']> {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script: string): Promise<void> => {
      try {
        await pool.query(script);
      } catch (error) {
        throw error instanceof Error ? new ScriptError(error) : error;
      }
    };
    return adapter;
  }
}
