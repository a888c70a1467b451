import { randomBytes } from 'node:crypto';

/** A Graph API error the sandbox answers with, in Meta's envelope. */
export interface GraphError {
  httpStatus: number;
  code: number;
  /** Full `error.message`; WhatsApp errors read `(#<code>) <title>`, Graph auth errors have no prefix. */
  message: string;
  subcode?: number;
  /** `error_data.details`; Meta only sends error_data on WhatsApp (#code) errors. */
  details?: string;
}

/** A random id shaped like Meta's `fbtrace_id` / `x-fb-trace-id` (11 url-safe characters). */
export function newFbTraceId(): string {
  return randomBytes(9).toString('base64url').slice(0, 11);
}

/** The JSON body Meta sends for an error: `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`. */
export function graphErrorBody(error: GraphError, fbtraceId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    message: error.message,
    type: 'OAuthException',
    code: error.code,
  };
  if (error.subcode !== undefined) body.error_subcode = error.subcode;
  if (error.details !== undefined) body.error_data = { messaging_product: 'whatsapp', details: error.details };
  body.fbtrace_id = fbtraceId;
  return { error: body };
}

/** A WhatsApp Business error: `(#code) title`, with details naming what was wrong. */
export function whatsappError(httpStatus: number, code: number, title: string, details: string): GraphError {
  return { httpStatus, code, message: `(#${code}) ${title}`, details };
}

/** The errors the sandbox produces, named after what happened. */
export const graphErrors = {
  tokenMissing: (): GraphError => ({
    httpStatus: 401,
    code: 104,
    message: 'An access token is required to request this resource.',
  }),
  tokenInvalid: (): GraphError => ({
    httpStatus: 401,
    code: 190,
    message: 'Invalid OAuth access token - Cannot parse access token',
  }),
  objectNotFound: (method: string, id: string): GraphError => ({
    httpStatus: 400,
    code: 100,
    subcode: 33,
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  }),
  unknownPath: (method: string, path: string): GraphError => ({
    httpStatus: 400,
    code: 100,
    message: `Unsupported ${method.toLowerCase()} request to ${path}.`,
  }),
  invalidParameter: (details: string): GraphError => whatsappError(400, 100, 'Invalid parameter', details),
  requiredParameterMissing: (details: string): GraphError =>
    whatsappError(400, 131008, 'Required parameter is missing', details),
  parameterValueInvalid: (details: string): GraphError =>
    whatsappError(400, 131009, 'Parameter value is not valid', details),
  reEngagement: (): GraphError =>
    whatsappError(
      400,
      131047,
      'Re-engagement message',
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    ),
  throughput: (httpStatus = 400): GraphError => ({
    ...whatsappError(httpStatus, 130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
    subcode: 2494055,
  }),
  pairRate: (): GraphError =>
    whatsappError(
      400,
      131056,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
    ),
  internal: (): GraphError => whatsappError(500, 131000, 'Something went wrong', 'Something went wrong.'),
  mediaUrlExpired: (): GraphError => ({
    httpStatus: 404,
    code: 100,
    subcode: 33,
    message: 'The media URL has expired or does not exist. Retrieve the media id again for a fresh URL.',
  }),
};
