import { createWorkspace } from '../../../accounts/create-workspace';
import { mapUserConflict, prepareUser } from '../../../accounts/create-user';
import { publicProcedure } from '../../init';
import { signUpInput, signUpOutput } from './sign-up.schema';

/** Creates an account with its own workspace (the user is its owner); the client signs in next. */
export const signUp = publicProcedure
  .input(signUpInput)
  .output(signUpOutput)
  .mutation(async ({ ctx, input }) => {
    const data = await prepareUser(ctx.prisma, input);
    return ctx.prisma
      .$transaction(async (tx) => {
        const user = await tx.user.create({ data, select: { id: true } });
        const workspace = await createWorkspace(tx, input.workspaceName, user.id);
        return { userId: user.id, workspace: { id: workspace.id, slug: workspace.slug } };
      })
      .catch(mapUserConflict);
  });
