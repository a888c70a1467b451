import type { MemberRole } from '@switchboard/db';
import type { InviteView } from './invite.schema';

/** The invite as the members page shows it; status is derived, never stored. */
export function toInviteView(
  row: { id: string; email: string; role: MemberRole; expiresAt: Date; createdAt: Date; acceptedAt: Date | null; invitedBy: { email: string } | null },
  now = new Date(),
): InviteView {
  const status = row.acceptedAt ? 'accepted' : row.expiresAt <= now ? 'expired' : 'pending';
  return { id: row.id, email: row.email, role: row.role, status, expiresAt: row.expiresAt, createdAt: row.createdAt, invitedBy: row.invitedBy?.email ?? null };
}

export const inviteViewSelect = {
  id: true,
  email: true,
  role: true,
  expiresAt: true,
  createdAt: true,
  acceptedAt: true,
  invitedBy: { select: { email: true } },
} as const;
