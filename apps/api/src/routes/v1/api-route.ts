import type { ApiKeyPrincipal, AppErrorCode } from '@switchboard/core';
import type { ApiKeyScope } from '@switchboard/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** What a route handler returns: the status and JSON body (none for 204), plus extra headers. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The raw body of an upload route: its bytes and the Content-Type it was sent with. */
export interface UploadedFile {
  bytes: Buffer;
  contentType: string | undefined;
}

export interface RouteCall<B, Q, P> {
  request: FastifyRequest;
  reply: FastifyReply;
  principal: ApiKeyPrincipal;
  body: B;
  query: Q;
  params: P;
  /** Set for `upload` routes (empty bytes when nothing was sent). */
  file?: UploadedFile;
}

/** A route whose body is a file, not JSON: any Content-Type is read as bytes; the handler decides (415). */
export interface RouteUpload {
  /** Documented request media types. */
  contentTypes: readonly string[];
  /** Largest body; beyond it the answer is 413 before the handler runs. */
  maxBytes: number;
}

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  headers?: Record<string, string>;
}

/**
 * One /api/v1 route: everything both Fastify and the OpenAPI document need.
 * Requests are parsed with the same zod schemas the document is generated
 * from, so the two cannot drift.
 */
export interface ApiRoute<B = unknown, Q = unknown, P = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. `/api/v1/channels/:id`. */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The caller needs one of these scopes. */
  scopes: readonly ApiKeyScope[];
  body?: z.ZodType<B>;
  /** The body is a raw file (exclusive with `body`). */
  upload?: RouteUpload;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Documents the Idempotency-Key request header. */
  idempotent?: boolean;
  responses: Record<number, RouteResponse>;
  /** Error codes this route can answer with, beyond the ones every route has. */
  errors: readonly AppErrorCode[];
  handle(call: RouteCall<B, Q, P>): Promise<RouteResult>;
}

/** Type-checks a route definition against its own schemas and erases it to the common shape. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(route: ApiRoute<B, Q, P>): ApiRoute {
  return route as unknown as ApiRoute;
}
