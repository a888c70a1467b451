import type { GraphErrorClassification } from './classify-graph-error';

export interface GraphApiErrorInit {
  httpStatus: number;
  code?: number | undefined;
  subcode?: number | undefined;
  type?: string | undefined;
  details?: string | undefined;
  fbtraceId?: string | undefined;
  retryAfterMs?: number | undefined;
  classification: GraphErrorClassification;
  ambiguous: boolean;
  message: string;
}

/** Graph answered with an error (HTTP ≥ 400): carries Meta's code, subcode, details and what to do about it. */
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';
  readonly httpStatus: number;
  /** Meta's `error.code` (undefined when the body was not a Graph error, e.g. a proxy's HTML page). */
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  /** `error.error_data.details`, Meta's most specific explanation. */
  readonly details: string | undefined;
  readonly fbtraceId: string | undefined;
  /** From the `Retry-After` header or `x-business-use-case-usage`, when Meta sent one. */
  readonly retryAfterMs: number | undefined;
  readonly classification: GraphErrorClassification;
  /** True only when the request may still have been processed (a gateway 5xx without a Graph body). */
  readonly ambiguous: boolean;

  constructor(init: GraphApiErrorInit) {
    super(init.message);
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.subcode = init.subcode;
    this.type = init.type;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.retryAfterMs = init.retryAfterMs;
    this.classification = init.classification;
    this.ambiguous = init.ambiguous;
  }
}

export type GraphTransportFailure = 'timeout' | 'aborted' | 'network' | 'invalid_response';

/**
 * The call failed without a Graph error answer (timeout, refused or reset connection, unreadable response).
 * `ambiguous` is true when the request may have reached Meta: a send's outcome is then unknown.
 */
export class GraphTransportError extends Error {
  override readonly name = 'GraphTransportError';
  readonly failure: GraphTransportFailure;
  readonly ambiguous: boolean;
  readonly classification: GraphErrorClassification = { kind: 'retry' };
  /** HTTP status when one was received (an unreadable 200 response), else undefined. */
  readonly httpStatus: number | undefined;

  constructor(init: { failure: GraphTransportFailure; ambiguous: boolean; message: string; httpStatus?: number; cause?: unknown }) {
    super(init.message, { cause: init.cause });
    this.failure = init.failure;
    this.ambiguous = init.ambiguous;
    this.httpStatus = init.httpStatus;
  }
}

/** True for either Graph error type; both carry `classification` and `ambiguous`. */
export function isGraphError(error: unknown): error is GraphApiError | GraphTransportError {
  return error instanceof GraphApiError || error instanceof GraphTransportError;
}
