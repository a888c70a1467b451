import { claimInvite } from '../../../accounts/claim-invite';
import { protectedProcedure } from '../../init';
import { acceptInviteOutput, inviteTokenInput } from './invite.schema';

/** Joins the invite's workspace as the signed-in user (whose email must be the invited one). */
export const acceptInvite = protectedProcedure
  .input(inviteTokenInput)
  .output(acceptInviteOutput)
  .mutation(async ({ ctx, input }) => {
    const user = { id: ctx.session.userId, email: ctx.session.email };
    return { workspace: await ctx.prisma.$transaction((tx) => claimInvite(tx, input.token, user)) };
  });
