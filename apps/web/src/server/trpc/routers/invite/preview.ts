import { findUsableInvite } from '../../../accounts/claim-invite';
import { publicProcedure } from '../../init';
import { inviteTokenInput, previewInviteOutput } from './invite.schema';

/** What an invite link offers, for the accept page (no session needed: the token is the credential). */
export const previewInvite = publicProcedure
  .input(inviteTokenInput)
  .output(previewInviteOutput)
  .query(async ({ ctx, input }) => {
    const invite = await findUsableInvite(ctx.prisma, input.token);
    const account = await ctx.prisma.user.findUnique({ where: { email: invite.email }, select: { id: true } });
    return { workspaceName: invite.workspace.name, email: invite.email, role: invite.role, expiresAt: invite.expiresAt, accountExists: account !== null };
  });
