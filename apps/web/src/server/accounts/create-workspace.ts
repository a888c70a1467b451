import { randomBytes } from 'node:crypto';
import type { Prisma } from '@switchboard/db';
import { writeAudit } from './write-audit';

/** A URL-safe slug from a name ("Acme Support!" → "acme-support"); "workspace" when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return slug || 'workspace';
}

/** Creates a workspace with `ownerId` as its owner; the slug gets a random suffix when taken. */
export async function createWorkspace(tx: Prisma.TransactionClient, name: string, ownerId: string): Promise<{ id: string; slug: string; name: string }> {
  const base = slugify(name);
  let slug = base;
  while (await tx.workspace.findUnique({ where: { slug }, select: { id: true } })) {
    slug = `${base}-${randomBytes(3).toString('hex')}`;
  }
  const workspace = await tx.workspace.create({ data: { name, slug }, select: { id: true, slug: true, name: true } });
  await tx.member.create({ data: { workspaceId: workspace.id, userId: ownerId, role: 'owner' } });
  await writeAudit(tx, { workspaceId: workspace.id, actorId: ownerId, action: 'workspace.created', targetType: 'workspace', targetId: workspace.id, data: { name } });
  return workspace;
}
