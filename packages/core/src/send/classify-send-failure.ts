import { describeGraphErrorCode, GraphApiError, GraphTransportError, MessageValidationError } from '@switchboard/whatsapp';

/** What we store about a failed attempt (messages.last_error, message_events.error). */
export interface SendErrorInfo {
  /** Meta's error code, or our own name when Meta never answered (`timeout`, `network`, `invalid_content`, …). */
  code: number | string;
  title: string;
  message: string;
  details?: string;
  http_status?: number;
  fbtrace_id?: string;
}

/** How the pipeline reacts to a failed send attempt. */
export type SendFailure =
  /** Never retried: the message fails with Meta's code. */
  | { kind: 'permanent'; errorCode: number | null; error: SendErrorInfo }
  /** Retried on the table. */
  | { kind: 'transient'; errorCode: number | null; error: SendErrorInfo }
  /** Only the number (or the app's numbers) or only the recipient slows down; not counted as a failure. */
  | { kind: 'throttle'; scope: 'number' | 'recipient'; delayMs: number | undefined; errorCode: number | null; error: SendErrorInfo }
  /** The request may have reached Meta: never resent blindly. */
  | { kind: 'ambiguous'; errorCode: number | null; error: SendErrorInfo };

function graphInfo(error: GraphApiError): SendErrorInfo {
  const described = error.code === undefined ? undefined : describeGraphErrorCode(error.code);
  return {
    code: error.code ?? `http_${error.httpStatus}`,
    title: described?.title ?? error.message,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
    http_status: error.httpStatus,
    ...(error.fbtraceId === undefined ? {} : { fbtrace_id: error.fbtraceId }),
  };
}

/** Maps an error thrown by the Graph client to the pipeline's reaction. Anything unknown is treated as ambiguous. */
export function classifySendFailure(error: unknown): SendFailure {
  if (error instanceof GraphApiError) {
    const info = graphInfo(error);
    const errorCode = error.code ?? null;
    if (error.ambiguous) return { kind: 'ambiguous', errorCode, error: info };
    const c = error.classification;
    if (c.kind === 'permanent') return { kind: 'permanent', errorCode, error: info };
    if (c.kind === 'retry') return { kind: 'transient', errorCode, error: info };
    return {
      kind: 'throttle',
      scope: c.scope === 'recipient' ? 'recipient' : 'number',
      delayMs: c.delayMs ?? error.retryAfterMs,
      errorCode,
      error: info,
    };
  }
  if (error instanceof GraphTransportError) {
    const info: SendErrorInfo = {
      code: error.failure,
      title: error.ambiguous ? 'No answer from Meta; the message may have been sent' : 'Could not reach Meta',
      message: error.message,
      ...(error.httpStatus === undefined ? {} : { http_status: error.httpStatus }),
    };
    return error.ambiguous ? { kind: 'ambiguous', errorCode: null, error: info } : { kind: 'transient', errorCode: null, error: info };
  }
  if (error instanceof MessageValidationError) {
    return { kind: 'permanent', errorCode: null, error: { code: 'invalid_content', title: 'Message breaks WhatsApp limits', message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'ambiguous', errorCode: null, error: { code: 'unexpected', title: 'Unexpected error during the send', message } };
}
