import { AppError, errorCodeTable } from '@switchboard/core';
import type { AppErrorCode } from '@switchboard/core';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toTRPCError } from './to-trpc-error';

describe('toTRPCError', () => {
  it('maps every AppError code through the shared table, keeping message and cause', () => {
    for (const code of Object.keys(errorCodeTable) as AppErrorCode[]) {
      const appError = new AppError(code, `message for ${code}`);
      const mapped = toTRPCError(appError);
      expect(mapped.code, code).toBe(errorCodeTable[code].trpc);
      expect(mapped.message).toBe(`message for ${code}`);
      expect(mapped.cause).toBe(appError);
    }
  });

  it('unwraps an AppError that tRPC wrapped as an internal error', () => {
    const appError = new AppError('not_found', 'Workspace not found.');
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: appError.message, cause: appError });
    const mapped = toTRPCError(wrapped);
    expect(mapped.code).toBe('NOT_FOUND');
    expect(mapped.message).toBe('Workspace not found.');
  });

  it("passes tRPC's own client errors through untouched", () => {
    const badInput = new TRPCError({ code: 'BAD_REQUEST', message: 'invalid input', cause: new z.ZodError([]) });
    expect(toTRPCError(badInput)).toBe(badInput);
  });

  it('hides the message of unexpected errors', () => {
    const leaky = new Error('relation "users" does not exist at /srv/app/db.ts:12');
    for (const thrown of [leaky, new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: leaky.message, cause: leaky })]) {
      const mapped = toTRPCError(thrown);
      expect(mapped.code).toBe('INTERNAL_SERVER_ERROR');
      expect(mapped.message).toBe('Internal server error');
      expect(mapped.cause).toBe(leaky);
    }
  });

  it('handles non-Error throws', () => {
    const mapped = toTRPCError('a string');
    expect(mapped.code).toBe('INTERNAL_SERVER_ERROR');
    expect(mapped.message).toBe('Internal server error');
  });
});
