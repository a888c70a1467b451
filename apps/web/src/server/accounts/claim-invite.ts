import { AppError } from '@switchboard/core';
import type { Prisma } from '@switchboard/db';
import { hashInviteToken } from './invite-token';
import { writeAudit } from './write-audit';

/** The message for any link that cannot be used, so a guess learns nothing about which case it hit. */
export const INVITE_UNUSABLE = 'This invite link is invalid, has expired, was revoked or has already been used.';

/** A pending, unexpired invite by its token, with its workspace; not found otherwise. */
export async function findUsableInvite(db: Prisma.TransactionClient, token: string, now = new Date()) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  if (!invite || invite.acceptedAt || invite.expiresAt <= now) throw new AppError('not_found', INVITE_UNUSABLE);
  return invite;
}

/**
 * Uses the invite for `user` (whose email must be the invited one): marks it
 * accepted (once, even under concurrent clicks) and adds the membership with
 * the invited role. Someone already a member keeps their role.
 */
export async function claimInvite(tx: Prisma.TransactionClient, token: string, user: { id: string; email: string }) {
  const invite = await findUsableInvite(tx, token);
  if (invite.email !== user.email.toLowerCase()) {
    throw new AppError('forbidden', `This invite is for ${invite.email}. Sign in with that account to accept it.`);
  }
  const now = new Date();
  const claimed = await tx.invite.updateMany({ where: { id: invite.id, acceptedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } });
  if (claimed.count !== 1) throw new AppError('not_found', INVITE_UNUSABLE);
  const workspaceId = invite.workspace.id;
  const existing = await tx.member.findUnique({ where: { workspaceId_userId: { workspaceId, userId: user.id } }, select: { id: true } });
  if (!existing) await tx.member.create({ data: { workspaceId, userId: user.id, role: invite.role } });
  await writeAudit(tx, {
    workspaceId,
    actorId: user.id,
    action: 'invite.accepted',
    targetType: 'invite',
    targetId: invite.id,
    data: { email: invite.email, role: invite.role, alreadyMember: Boolean(existing) },
  });
  return invite.workspace;
}
