import { AppError, idempotencyKeySchema } from '@switchboard/core';

/**
 * The request's idempotency key: the Idempotency-Key header or the body's
 * idempotency_key. Both may be given only if they are equal.
 */
export function idempotencyKeyOf(header: string | string[] | undefined, bodyKey: string | undefined): string | undefined {
  if (Array.isArray(header)) {
    throw new AppError('validation_failed', 'Idempotency-Key: give the header once', {
      details: [{ field: 'Idempotency-Key', message: 'give the header once' }],
    });
  }
  let headerKey: string | undefined;
  if (header !== undefined) {
    const parsed = idempotencyKeySchema.safeParse(header);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'is invalid';
      throw new AppError('validation_failed', `Idempotency-Key: ${message}`, { details: [{ field: 'Idempotency-Key', message }] });
    }
    headerKey = parsed.data;
  }
  if (headerKey !== undefined && bodyKey !== undefined && headerKey !== bodyKey) {
    throw new AppError('validation_failed', 'idempotency_key: differs from the Idempotency-Key header', {
      details: [{ field: 'idempotency_key', message: 'differs from the Idempotency-Key header' }],
    });
  }
  return headerKey ?? bodyKey;
}
