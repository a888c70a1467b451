import { AppError } from '@switchboard/core';
import { getEnv } from '../../../../env';
import { INVITE_TTL_MS, generateInviteToken } from '../../../accounts/invite-token';
import { assertMayManage } from '../../../accounts/member-rules';
import { writeAudit } from '../../../accounts/write-audit';
import { roleProcedure } from '../../init';
import { createInviteInput, createInviteOutput } from './invite.schema';
import { inviteViewSelect, toInviteView } from './to-invite-view';

/** Invites someone by link (admins; the owner role by owners only). The link carries the token; only its hash is stored. */
export const createInvite = roleProcedure('admin')
  .input(createInviteInput)
  .output(createInviteOutput)
  .mutation(async ({ ctx, input }) => {
    assertMayManage(ctx.role, 'viewer', input.role);
    const workspaceId = ctx.workspace.id;
    const already = await ctx.prisma.member.findFirst({ where: { workspaceId, user: { email: input.email } }, select: { id: true } });
    if (already) throw new AppError('conflict', `${input.email} is already a member of this workspace.`, { details: [{ field: 'email', message: 'is already a member' }] });
    const { token, tokenHash } = generateInviteToken();
    const row = await ctx.prisma.$transaction(async (tx) => {
      const created = await tx.invite.create({
        data: { workspaceId, email: input.email, role: input.role, tokenHash, invitedById: ctx.session.userId, expiresAt: new Date(Date.now() + INVITE_TTL_MS) },
        select: inviteViewSelect,
      });
      await writeAudit(tx, { workspaceId, actorId: ctx.session.userId, action: 'invite.created', targetType: 'invite', targetId: created.id, data: { email: input.email, role: input.role } });
      return created;
    });
    const url = new URL(`/invite/${token}`, getEnv().APP_URL).toString();
    return { invite: toInviteView(row), url };
  });
