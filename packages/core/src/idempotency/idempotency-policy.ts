import { z } from 'zod';

/** How long an idempotency key is remembered; a key reused after this is a new request (published in docs/api.md). */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Longest idempotency key accepted (Stripe's limit). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** An idempotency key: 1..255 printable ASCII characters. */
export const idempotencyKeySchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(IDEMPOTENCY_KEY_MAX_LENGTH, { error: `must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters` })
  .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' });
