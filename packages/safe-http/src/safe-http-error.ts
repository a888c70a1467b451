import type { AddressKind } from './classify-address';

/** Why a URL or a destination was refused. */
export type UnsafeUrlReason = 'invalid_url' | 'scheme' | 'credentials' | 'port' | 'private_address' | 'unresolvable';

/** Base class of every error this package throws, so callers can branch on `code`. */
export abstract class SafeHttpError extends Error {
  abstract readonly code: 'UNSAFE_URL' | 'HTTP_TIMEOUT' | 'RESPONSE_TOO_LARGE' | 'HTTP_NETWORK_ERROR';
}

/** The URL or the address it resolved to is not allowed; permanent for this URL. */
export class UnsafeUrlError extends SafeHttpError {
  override readonly name = 'UnsafeUrlError';
  readonly code = 'UNSAFE_URL' as const;
  readonly reason: UnsafeUrlReason;
  /** The hostname concerned, when known. */
  readonly hostname: string | undefined;
  /** The offending address and its kind, for `private_address`. */
  readonly address: string | undefined;
  readonly addressKind: AddressKind | undefined;

  constructor(
    reason: UnsafeUrlReason,
    message: string,
    details: { hostname?: string; address?: string; addressKind?: AddressKind; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = reason;
    this.hostname = details.hostname;
    this.address = details.address;
    this.addressKind = details.addressKind;
  }
}

/** The whole exchange (connect, headers and body) did not finish within `timeoutMs`. */
export class HttpTimeoutError extends SafeHttpError {
  override readonly name = 'HttpTimeoutError';
  readonly code = 'HTTP_TIMEOUT' as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`HTTP request did not complete within ${timeoutMs} ms`, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The response body exceeded `maxResponseBytes`; reading stopped there. */
export class ResponseTooLargeError extends SafeHttpError {
  override readonly name = 'ResponseTooLargeError';
  readonly code = 'RESPONSE_TOO_LARGE' as const;
  readonly limitBytes: number;
  /** Status and headers did arrive, so a caller may still use them (e.g. a webhook's 2xx). */
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(limitBytes: number, status: number, headers: Record<string, string>) {
    super(`HTTP response body exceeds ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
    this.status = status;
    this.headers = headers;
  }
}

/** The connection failed or broke (DNS failure, refused, reset, TLS error); usually worth a retry. */
export class HttpNetworkError extends SafeHttpError {
  override readonly name = 'HttpNetworkError';
  readonly code = 'HTTP_NETWORK_ERROR' as const;
  /** The underlying error code, e.g. `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  readonly causeCode: string | undefined;

  constructor(message: string, causeCode: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.causeCode = causeCode;
  }
}
