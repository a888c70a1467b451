import { generateApiKey, type PrismaClient } from '@switchboard/db';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../app-error';
import { requireAnyScope } from './api-key-principal';
import { createApiKeyAuthenticator } from './authenticate-api-key';

interface Row {
  id: string;
  workspaceId: string;
  hash: string;
  scopes: string[];
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** In-memory stand-in for the two api_keys queries the authenticator makes. */
function fakePrisma(rows: Row[]) {
  const calls = { lookups: 0, touches: 0 };
  const prisma = {
    apiKey: {
      findUnique: async ({ where }: { where: { hash: string } }) => {
        calls.lookups += 1;
        return rows.find((r) => r.hash === where.hash) ?? null;
      },
      updateMany: async ({ where, data }: { where: { id: string }; data: { lastUsedAt: Date } }) => {
        calls.touches += 1;
        const row = rows.find((r) => r.id === where.id);
        if (row) row.lastUsedAt = data.lastUsedAt;
        return { count: row ? 1 : 0 };
      },
    },
  };
  return { prisma: prisma as unknown as PrismaClient, calls };
}

function keyRow(overrides: Partial<Row> = {}) {
  const generated = generateApiKey();
  const row: Row = {
    id: 'key-1',
    workspaceId: 'ws-1',
    hash: generated.hash,
    scopes: ['messages:write'],
    revokedAt: null,
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  };
  return { key: generated.key, row };
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createApiKeyAuthenticator', () => {
  it('returns the principal of a valid key', async () => {
    const { key, row } = keyRow();
    const { prisma } = fakePrisma([row]);
    const auth = createApiKeyAuthenticator({ prisma });
    await expect(auth.authenticate(key)).resolves.toEqual({ workspaceId: 'ws-1', apiKeyId: 'key-1', scopes: ['messages:write'] });
  });

  it.each([
    ['unknown', () => ({ key: generateApiKey().key, rows: [keyRow().row] })],
    ['revoked', () => { const k = keyRow({ revokedAt: new Date(0) }); return { key: k.key, rows: [k.row] }; }],
    ['expired', () => { const k = keyRow({ expiresAt: new Date(Date.now() - 1000) }); return { key: k.key, rows: [k.row] }; }],
    ['malformed', () => ({ key: 'Bearer nonsense', rows: [keyRow().row] })],
  ])('refuses a %s key with 401', async (_label, setup) => {
    const { key, rows } = setup();
    const { prisma } = fakePrisma(rows);
    const error = await rejection(createApiKeyAuthenticator({ prisma }).authenticate(key));
    expect(isAppError(error) && error.code).toBe('unauthorized');
  });

  it('never queries Postgres for text that is not shaped like a key', async () => {
    const { prisma, calls } = fakePrisma([]);
    await rejection(createApiKeyAuthenticator({ prisma }).authenticate('x'.repeat(10_000)));
    expect(calls.lookups).toBe(0);
  });

  it('writes last_used_at at most once per interval', async () => {
    const { key, row } = keyRow();
    const { prisma, calls } = fakePrisma([row]);
    let now = new Date('2026-01-01T00:00:00Z');
    const auth = createApiKeyAuthenticator({ prisma, clock: () => now, touchIntervalMs: 60_000 });
    for (let i = 0; i < 5; i += 1) await auth.authenticate(key);
    expect(calls.touches).toBe(1);
    now = new Date('2026-01-01T00:01:00Z');
    await auth.authenticate(key);
    expect(calls.touches).toBe(2);
    expect(row.lastUsedAt).toEqual(now);
  });

  it('caches a verified key for the TTL only, so a revocation takes effect after it', async () => {
    const { key, row } = keyRow();
    const { prisma, calls } = fakePrisma([row]);
    let now = new Date('2026-01-01T00:00:00Z');
    const auth = createApiKeyAuthenticator({ prisma, clock: () => now, cacheTtlMs: 5000 });
    await auth.authenticate(key);
    row.revokedAt = now;
    await auth.authenticate(key);
    expect(calls.lookups).toBe(1);
    now = new Date('2026-01-01T00:00:05Z');
    expect(isAppError(await rejection(auth.authenticate(key)))).toBe(true);
  });

  it('without a cache, a revocation takes effect on the next request', async () => {
    const { key, row } = keyRow();
    const { prisma } = fakePrisma([row]);
    const auth = createApiKeyAuthenticator({ prisma });
    await auth.authenticate(key);
    row.revokedAt = new Date();
    expect(isAppError(await rejection(auth.authenticate(key)))).toBe(true);
  });
});

describe('requireAnyScope', () => {
  const principal = { workspaceId: 'w', apiKeyId: 'k', scopes: ['channels:read'] };

  it('passes with any one of the scopes', () => {
    expect(() => requireAnyScope(principal, ['channels:read', 'channels:write'])).not.toThrow();
  });

  it('throws 403 forbidden naming the scope', () => {
    try {
      requireAnyScope(principal, ['messages:write']);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('forbidden');
      expect((error as Error).message).toContain('messages:write');
    }
  });
});
