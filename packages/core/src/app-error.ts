/**
 * The one typed application error. Use-cases throw it; the REST server and
 * tRPC map it through `errorCodeTable`, so a code means the same status
 * everywhere and no other error type reaches a client.
 */
export const errorCodeTable = {
  bad_request: { http: 400, trpc: 'BAD_REQUEST' },
  validation_failed: { http: 400, trpc: 'BAD_REQUEST' },
  invalid_json: { http: 400, trpc: 'PARSE_ERROR' },
  unauthorized: { http: 401, trpc: 'UNAUTHORIZED' },
  forbidden: { http: 403, trpc: 'FORBIDDEN' },
  not_found: { http: 404, trpc: 'NOT_FOUND' },
  method_not_allowed: { http: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  conflict: { http: 409, trpc: 'CONFLICT' },
  idempotency_key_in_use: { http: 409, trpc: 'CONFLICT' },
  idempotency_key_mismatch: { http: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  payload_too_large: { http: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  unsupported_media_type: { http: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  unprocessable: { http: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  unreadable_document: { http: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  outside_customer_service_window: { http: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  rate_limited: { http: 429, trpc: 'TOO_MANY_REQUESTS' },
  internal: { http: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  service_unavailable: { http: 503, trpc: 'SERVICE_UNAVAILABLE' },
} as const satisfies Record<string, { http: number; trpc: string }>;

export type AppErrorCode = keyof typeof errorCodeTable;

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Seconds a client should wait before retrying (429, 503). */
  retryAfterSeconds?: number;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return errorCodeTable[this.code].http;
  }

  /** The public JSON body: `{ error: { code, message, details? } }`. */
  toBody(): { error: { code: AppErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** True for an AppError, including one from another copy of this module. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError || (value instanceof Error && value.name === 'AppError' && 'code' in value);
}
