import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errorCodeTable, isAppError } from './app-error';
import { parseOrThrow } from './zod-issues';

describe('AppError', () => {
  it('maps each code to one HTTP status and serialises the public body', () => {
    const error = new AppError('idempotency_key_mismatch', 'Key reused with another body', { details: { key: 'k' } });
    expect(error.httpStatus).toBe(422);
    expect(error.toBody()).toEqual({
      error: { code: 'idempotency_key_mismatch', message: 'Key reused with another body', details: { key: 'k' } },
    });
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
  });

  it('never maps a client error code to a 5xx status', () => {
    const clientCodes = Object.entries(errorCodeTable).filter(([code]) => !['internal', 'service_unavailable'].includes(code));
    for (const [, entry] of clientCodes) expect(entry.http).toBeLessThan(500);
  });
});

describe('parseOrThrow', () => {
  it('names the failing field', () => {
    const schema = z.object({ to: z.string(), text: z.object({ body: z.string().max(3) }) });
    try {
      parseOrThrow(schema, { to: '1', text: { body: 'toolong' } });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error)).toBe(true);
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).message).toMatch(/^text\.body:/);
    }
  });
});
