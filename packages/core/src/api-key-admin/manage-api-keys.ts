import { generateApiKey, type Prisma, type PrismaClient } from '@switchboard/db';
import { AppError } from '../app-error';
import type { ApiKeyView, CreateApiKeyInput, CreatedApiKey, RotateApiKeyInput } from './api-key-admin-schemas';
import { toApiKeyView } from './to-api-key-view';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const select = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

/** Who manages keys: a dashboard user (kept as `created_by_id` and in the audit log). */
export interface KeyAdmin {
  workspaceId: string;
  userId: string;
}

async function audit(tx: Prisma.TransactionClient, admin: KeyAdmin, action: string, keyId: string, data: Prisma.InputJsonObject) {
  await tx.auditLog.create({
    data: { workspaceId: admin.workspaceId, actorType: 'user', actorId: admin.userId, action, targetType: 'api_key', targetId: keyId, data },
  });
}

async function findKey(tx: Prisma.TransactionClient, admin: KeyAdmin, id: string) {
  const row = await tx.apiKey.findFirst({ where: { id, workspaceId: admin.workspaceId }, select });
  if (!row) throw new AppError('not_found', 'No API key with this id in this workspace');
  return row;
}

/** The workspace's keys, newest first (revoked and expired ones too, so their history stays visible). */
export async function listApiKeys(prisma: PrismaClient, workspaceId: string): Promise<ApiKeyView[]> {
  const now = new Date();
  const rows = await prisma.apiKey.findMany({ where: { workspaceId }, orderBy: { createdAt: 'desc' }, select });
  return rows.map((row) => toApiKeyView(row, now));
}

/** Creates a key; the secret is in the answer and nowhere else (only its sha256 is stored). */
export async function createApiKey(prisma: PrismaClient, admin: KeyAdmin, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        workspaceId: admin.workspaceId,
        name: input.name,
        prefix: generated.prefix,
        hash: generated.hash,
        scopes: input.scopes,
        createdById: admin.userId,
        expiresAt: input.expires_in_days === undefined ? null : new Date(now.getTime() + input.expires_in_days * DAY_MS),
      },
      select,
    });
    await audit(tx, admin, 'api_key.created', row.id, { name: row.name, scopes: row.scopes, prefix: row.prefix });
    return { key: generated.key, api_key: toApiKeyView(row, now) };
  });
}

/**
 * Replaces a key: a new secret with the same name, scopes and remaining lifetime; the old key keeps
 * working for `overlap_hours` (never longer than it would have anyway) so callers can switch over
 * without an outage. A revoked or expired key cannot be rotated.
 */
export async function rotateApiKey(prisma: PrismaClient, admin: KeyAdmin, id: string, input: RotateApiKeyInput): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const old = await findKey(tx, admin, id);
    if (toApiKeyView(old, now).status !== 'active') throw new AppError('conflict', 'Only an active key can be rotated; create a new one instead');
    const overlapEnd = new Date(now.getTime() + input.overlap_hours * HOUR_MS);
    const oldEnd = old.expiresAt && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
    if (input.overlap_hours === 0) await tx.apiKey.update({ where: { id }, data: { revokedAt: now } });
    else await tx.apiKey.update({ where: { id }, data: { expiresAt: oldEnd } });
    const row = await tx.apiKey.create({
      data: {
        workspaceId: admin.workspaceId, name: old.name, prefix: generated.prefix, hash: generated.hash, scopes: old.scopes,
        createdById: admin.userId, expiresAt: old.expiresAt,
      },
      select,
    });
    await audit(tx, admin, 'api_key.rotated', id, { new_key_id: row.id, old_key_valid_until: input.overlap_hours === 0 ? now.toISOString() : oldEnd.toISOString() });
    return { key: generated.key, api_key: toApiKeyView(row, now) };
  });
}

/** Revokes a key at once (api processes honour it within their key cache TTL, 5 s by default). Revoking twice is a no-op. */
export async function revokeApiKey(prisma: PrismaClient, admin: KeyAdmin, id: string): Promise<ApiKeyView> {
  const now = new Date();
  return prisma.$transaction(async (tx) => {
    const key = await findKey(tx, admin, id);
    if (key.revokedAt) return toApiKeyView(key, now);
    const row = await tx.apiKey.update({ where: { id }, data: { revokedAt: now }, select });
    await audit(tx, admin, 'api_key.revoked', id, { name: row.name, prefix: row.prefix });
    return toApiKeyView(row, now);
  });
}
