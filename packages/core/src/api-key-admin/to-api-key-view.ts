import type { ApiKey } from '@switchboard/db';
import type { ApiKeyView } from './api-key-admin-schemas';

/** The stored row as the dashboard shows it; the hash never leaves the server. */
export function toApiKeyView(row: Pick<ApiKey, 'id' | 'name' | 'prefix' | 'scopes' | 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'>, now = new Date()): ApiKeyView {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
