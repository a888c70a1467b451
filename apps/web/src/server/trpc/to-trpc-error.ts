import { errorCodeTable, isAppError } from '@switchboard/core';
import { TRPCError } from '@trpc/server';

/**
 * Converts anything thrown inside a procedure into the TRPCError a client sees.
 * AppErrors map through the shared code table in @switchboard/core; tRPC's own
 * errors (bad input, unauthorized) pass through; anything else becomes an
 * internal error whose message is hidden, since it may hold SQL or paths.
 */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError && error.cause !== undefined ? error.cause : error;
  if (isAppError(cause)) {
    return new TRPCError({ code: errorCodeTable[cause.code].trpc, message: cause.message, cause });
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error;
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal server error',
    cause: cause instanceof Error ? cause : undefined,
  });
}
