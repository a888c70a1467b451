import type { IncomingMessage } from 'node:http';
import type { SandboxNumber } from '../state/number-config';
import type { SandboxState } from '../state/sandbox-state';
import { graphErrors, type GraphError } from './graph-error';

/** The access token of a Graph request: `Authorization: Bearer …`, or `access_token` in the query as Graph also accepts. */
export function bearerToken(req: IncomingMessage, query: URLSearchParams): string | null {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match ? match[1]!.trim() : null;
  }
  return query.get('access_token');
}

/**
 * Checks the token against the number that owns the object: none → 104, a token the sandbox does
 * not know → 190, a known token of another number → the object "does not exist" for it (100/33).
 */
export function authorizeFor(
  state: SandboxState,
  token: string | null,
  owner: SandboxNumber | undefined,
  method: string,
  objectId: string,
): GraphError | null {
  if (token === null || token === '') return graphErrors.tokenMissing();
  if (owner !== undefined && owner.access_token === token) return null;
  if (state.numberByToken(token) === undefined) return graphErrors.tokenInvalid();
  return graphErrors.objectNotFound(method, objectId);
}
