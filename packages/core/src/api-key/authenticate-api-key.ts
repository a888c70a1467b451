import { hashApiKey, looksLikeApiKey, type PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import type { ApiKeyPrincipal } from './api-key-principal';

export interface ApiKeyAuthenticatorOptions {
  prisma: PrismaClient;
  clock?: () => Date;
  /**
   * How long a verified key is trusted without asking Postgres again. A
   * revoked key keeps working for at most this long in each process; 0
   * looks the key up on every request.
   */
  cacheTtlMs?: number;
  /** `last_used_at` is written at most once per this interval per key, not on every request. */
  touchIntervalMs?: number;
  /** Called when the background `last_used_at` write fails (it never fails the request). */
  onTouchError?: (error: unknown) => void;
}

/** Verifies bearer API keys. */
export interface ApiKeyAuthenticator {
  /** The principal for a presented key, or a 401 `unauthorized` AppError (unknown, revoked or expired key). */
  authenticate(presentedKey: string): Promise<ApiKeyPrincipal>;
  /** Forgets cached keys (tests, or after revoking a key in this process). */
  clear(): void;
}

interface CacheEntry {
  principal: ApiKeyPrincipal;
  expiresAt: Date | null;
  cachedUntil: number;
}

const MAX_CACHE_ENTRIES = 10_000;

/**
 * Creates the API key verifier: the key's sha256 is looked up in
 * `api_keys.hash` (unique index); revoked and expired keys are refused with
 * the same message as unknown ones, so a caller learns nothing about which
 * keys exist.
 */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): ApiKeyAuthenticator {
  const { prisma } = options;
  const clock = options.clock ?? (() => new Date());
  const cacheTtlMs = options.cacheTtlMs ?? 0;
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const cache = new Map<string, CacheEntry>();
  const lastTouched = new Map<string, number>();

  const refuse = () => new AppError('unauthorized', 'Invalid or missing API key');

  const touch = (apiKeyId: string, now: Date) => {
    const previous = lastTouched.get(apiKeyId);
    if (previous !== undefined && now.getTime() - previous < touchIntervalMs) return;
    lastTouched.set(apiKeyId, now.getTime());
    if (lastTouched.size > MAX_CACHE_ENTRIES) lastTouched.clear();
    // The condition keeps several processes from rewriting the row within one interval.
    const threshold = new Date(now.getTime() - touchIntervalMs);
    prisma.apiKey
      .updateMany({
        where: { id: apiKeyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: threshold } }] },
        data: { lastUsedAt: now },
      })
      .catch((error: unknown) => options.onTouchError?.(error));
  };

  return {
    async authenticate(presentedKey) {
      // Cheap shape check first: garbage never reaches Postgres.
      if (!looksLikeApiKey(presentedKey)) throw refuse();
      const hash = hashApiKey(presentedKey);
      const now = clock();
      let entry = cache.get(hash);
      if (!entry || entry.cachedUntil <= now.getTime()) {
        const row = await prisma.apiKey.findUnique({
          where: { hash },
          select: { id: true, workspaceId: true, scopes: true, revokedAt: true, expiresAt: true },
        });
        if (!row || row.revokedAt !== null) {
          cache.delete(hash);
          throw refuse();
        }
        entry = {
          principal: { workspaceId: row.workspaceId, apiKeyId: row.id, scopes: Object.freeze([...row.scopes]) },
          expiresAt: row.expiresAt,
          cachedUntil: now.getTime() + cacheTtlMs,
        };
        if (cacheTtlMs > 0) {
          if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
          cache.set(hash, entry);
        }
      }
      if (entry.expiresAt !== null && entry.expiresAt.getTime() <= now.getTime()) throw refuse();
      touch(entry.principal.apiKeyId, now);
      return entry.principal;
    },
    clear() {
      cache.clear();
    },
  };
}
