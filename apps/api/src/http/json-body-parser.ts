import { AppError } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received, kept for signature checks over raw bodies. */
    rawBody?: Buffer;
  }
}

/**
 * Parses JSON bodies itself so a malformed body gets a 400 that says where
 * it broke, and keeps the raw bytes (webhook signatures are computed over
 * them, never over a re-serialized body). Prototype poisoning is refused.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.decorateRequest('rawBody', undefined);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) {
      done(new AppError('invalid_json', 'Body is empty but Content-Type is application/json'), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(raw.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new AppError('invalid_json', `Malformed JSON: ${(error as Error).message}`), undefined);
    }
  });
}
