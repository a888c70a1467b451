import type { ApiKeyScope } from '@switchboard/db';
import { AppError } from '../app-error';

/** Who is calling: the workspace and key a verified API key belongs to, and what it may do. */
export interface ApiKeyPrincipal {
  workspaceId: string;
  apiKeyId: string;
  scopes: readonly string[];
}

/**
 * Throws 403 `forbidden` unless the principal holds one of `anyOf` (a route
 * that reads accepts its read or write scope); an empty list allows all.
 */
export function requireAnyScope(principal: ApiKeyPrincipal, anyOf: readonly ApiKeyScope[]): void {
  if (anyOf.length === 0 || anyOf.some((scope) => principal.scopes.includes(scope))) return;
  throw new AppError('forbidden', `This API key lacks the scope ${anyOf.join(' or ')}`, {
    details: { required_scopes: anyOf },
  });
}
