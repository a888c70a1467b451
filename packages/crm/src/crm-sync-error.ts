/**
 * Why a CRM call failed, as retry intent: `rate_limited` and `unavailable` are worth retrying
 * (after `retryAfterMs` when the CRM said so), `rejected` is not (a 4xx the same request will get
 * again), `not_found` means the CRM lost the object and the caller should recreate or repair it.
 */
export type CrmSyncErrorKind = 'rate_limited' | 'unavailable' | 'rejected' | 'not_found' | 'unauthorized';

/** The one error a CRM adapter throws. */
export class CrmSyncError extends Error {
  readonly kind: CrmSyncErrorKind;
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(kind: CrmSyncErrorKind, message: string, options: { status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrmSyncError';
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** True when the same call may succeed later. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable';
  }
}

/** Narrows an unknown error to a CrmSyncError (also across bundled copies of this package). */
export function isCrmSyncError(value: unknown): value is CrmSyncError {
  return value instanceof CrmSyncError || (value instanceof Error && value.name === 'CrmSyncError' && 'kind' in value);
}
