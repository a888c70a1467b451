import { AppError } from '@switchboard/core';
import type { Prisma } from '@switchboard/db';
import type { Role } from '../auth/roles';

/**
 * Admins manage every member below owner; only owners grant, change or
 * remove the owner role (so an admin cannot take over or lock out owners).
 */
export function assertMayManage(actor: Role, target: Role, newRole?: Role): void {
  if (actor === 'owner') return;
  if (target === 'owner' || newRole === 'owner') {
    throw new AppError('forbidden', 'Only an owner can grant, change or remove the owner role.');
  }
}

/**
 * Serializes membership changes of one workspace (row lock on the workspace),
 * so two owners demoting each other at once cannot leave it without an owner.
 */
export async function lockWorkspace(tx: Prisma.TransactionClient, workspaceId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`;
}

/** Throws unless the workspace keeps at least one owner once `userId` stops being one. */
export async function assertNotLastOwner(tx: Prisma.TransactionClient, workspaceId: string, what: string): Promise<void> {
  const owners = await tx.member.count({ where: { workspaceId, role: 'owner' } });
  if (owners <= 1) {
    throw new AppError('conflict', `The last owner cannot be ${what}. Make another member owner first.`);
  }
}

/** The member row of `userId` in the workspace, or not found. */
export async function findMember(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const member = await tx.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { id: true, role: true, userId: true } });
  if (!member) throw new AppError('not_found', 'No such member in this workspace.');
  return member;
}
