import { AppError, isAppError, requireAnyScope, type ApiKeyAuthenticator, type ApiKeyPrincipal } from '@switchboard/core';
import type { ApiKeyScope } from '@switchboard/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitDecision, RateLimiter } from '../rate-limit/create-rate-limiter';
import { bearerToken } from './bearer-token';

export interface GuardDeps {
  authenticator: ApiKeyAuthenticator;
  rateLimiter: RateLimiter;
}

export interface GuardOptions {
  /** The caller needs one of these scopes; empty means any valid key. */
  scopes: readonly ApiKeyScope[];
}

/** A route handler that runs only for an authenticated, rate-limited caller with the right scope. */
export type GuardedHandler = (request: FastifyRequest, reply: FastifyReply, principal: ApiKeyPrincipal) => Promise<unknown>;

/** Sets X-RateLimit-Limit/Remaining/Reset (Reset in seconds until the window ends) and throws 429 when over. */
export function applyRateLimit(reply: FastifyReply, decision: RateLimitDecision): void {
  reply.header('x-ratelimit-limit', String(decision.limit));
  reply.header('x-ratelimit-remaining', String(decision.remaining));
  reply.header('x-ratelimit-reset', String(decision.resetSeconds));
  if (!decision.allowed) {
    throw new AppError('rate_limited', `Rate limit of ${decision.limit} requests per minute exceeded; retry after ${decision.resetSeconds} s`, {
      retryAfterSeconds: decision.resetSeconds,
    });
  }
}

/** Fastify route options that put a handler behind the guard. */
export interface GuardedRouteOptions {
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/**
 * Builds `withApiKey(handler, { scopes })`, the one guard every /api/v1
 * route goes through: bearer key → principal (401), rate limit per key
 * (429, X-RateLimit-* on every answer), scope (403), then the handler with
 * the principal. The checks run in `onRequest`, before the body is read, so
 * a caller without a valid key never makes the server parse a body.
 * Requests without a valid key are limited per client address, so
 * guessing keys is throttled too.
 */
export function createApiKeyGuard(deps: GuardDeps) {
  const principals = new WeakMap<FastifyRequest, ApiKeyPrincipal>();
  return function withApiKey(handler: GuardedHandler, options: GuardOptions): GuardedRouteOptions {
    return {
      onRequest: async (request, reply) => {
        let principal: ApiKeyPrincipal;
        try {
          principal = await deps.authenticator.authenticate(bearerToken(request.headers.authorization));
        } catch (error) {
          if (isAppError(error) && error.code === 'unauthorized') {
            reply.header('www-authenticate', 'Bearer realm="switchboard"');
            applyRateLimit(reply, await deps.rateLimiter.consume(`ip:${request.ip}`));
          }
          throw error;
        }
        applyRateLimit(reply, await deps.rateLimiter.consume(`key:${principal.apiKeyId}`));
        requireAnyScope(principal, options.scopes);
        principals.set(request, principal);
      },
      handler: async (request, reply) => {
        const principal = principals.get(request);
        // Unreachable through Fastify (onRequest ran or the request ended); kept so a misuse fails closed.
        if (!principal) throw new AppError('unauthorized', 'Invalid or missing API key');
        return handler(request, reply, principal);
      },
    };
  };
}

export type WithApiKey = ReturnType<typeof createApiKeyGuard>;
