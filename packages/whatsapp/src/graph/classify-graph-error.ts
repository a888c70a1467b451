import { lookupGraphErrorCode } from './graph-error-codes';

/** What a sender should do after a failed Graph call. */
export type GraphErrorClassification =
  | { kind: 'permanent' }
  | { kind: 'retry' }
  | { kind: 'retry_later'; scope: 'number' | 'recipient' | 'app'; delayMs?: number };

export interface ClassifyGraphErrorInput {
  /** Meta's `error.code`; undefined when the response had no Graph error body. */
  code?: number | undefined;
  httpStatus: number;
  subcode?: number | undefined;
}

/**
 * Classifies a Graph error by Meta's `error.code` (HTTP status alone is unreliable: throttling arrives as 400).
 * Unknown codes fall back to the status: 5xx → retry, 429 → retry later for the number, anything else → permanent.
 */
export function classifyGraphError({ code, httpStatus }: ClassifyGraphErrorInput): GraphErrorClassification {
  const known = code === undefined ? undefined : lookupGraphErrorCode(code);
  if (known) return { ...known.policy };
  if (httpStatus >= 500) return { kind: 'retry' };
  if (httpStatus === 429) return { kind: 'retry_later', scope: 'number' };
  return { kind: 'permanent' };
}
