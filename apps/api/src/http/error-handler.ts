import { AppError, isAppError } from '@switchboard/core';
import { isDatabaseUnavailableError } from '@switchboard/db';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Turns any error into the public envelope. Fastify's own client errors
 * (bad JSON, body too large, wrong content type) become AppErrors here, so
 * no input can produce a 500; a lost database connection is a 503, so a 500
 * only means a bug or a broken dependency.
 */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'Request body is larger than the limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send a JSON body with Content-Type: application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'Content-Length does not match the body');
  }
  // A lost or refused database connection is an outage the client can wait out (and, with an
  // Idempotency-Key, retry safely), not a bug: 503 with Retry-After.
  if (isDatabaseUnavailableError(error)) {
    return new AppError('service_unavailable', 'The database is unavailable; retry shortly', { cause: error, retryAfterSeconds: 1 });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status === 404 ? 'not_found' : 'bad_request', fastifyError.message ?? 'Bad request');
  }
  return new AppError('internal', 'Internal server error', { cause: error });
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const appError = toAppError(error);
  if (appError.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
  if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
  void reply.status(appError.httpStatus).send(appError.toBody());
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  const error = new AppError('not_found', `No route for ${request.method} ${request.url.split('?')[0]}`);
  void reply.status(404).send(error.toBody());
}
