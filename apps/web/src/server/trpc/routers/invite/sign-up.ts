import { claimInvite, findUsableInvite } from '../../../accounts/claim-invite';
import { mapUserConflict, prepareUser } from '../../../accounts/create-user';
import { publicProcedure } from '../../init';
import { inviteSignUpInput, inviteSignUpOutput } from './invite.schema';

/** Creates the invited person's account (with the invited email) and joins the workspace; the client signs in next. */
export const inviteSignUp = publicProcedure
  .input(inviteSignUpInput)
  .output(inviteSignUpOutput)
  .mutation(async ({ ctx, input }) => {
    const invite = await findUsableInvite(ctx.prisma, input.token);
    const data = await prepareUser(ctx.prisma, { email: invite.email, name: input.name, password: input.password });
    const workspace = await ctx.prisma
      .$transaction(async (tx) => {
        const user = await tx.user.create({ data, select: { id: true, email: true } });
        return claimInvite(tx, input.token, user);
      })
      .catch(mapUserConflict);
    return { email: invite.email, workspace };
  });
