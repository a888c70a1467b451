import { AppError } from '@switchboard/core';
import { hashPassword, verifyPassword } from '@switchboard/db';
import { writeAudit } from '../../../accounts/write-audit';
import { protectedProcedure } from '../../init';
import { changePasswordInput, changePasswordOutput } from './change-password.schema';

/** Changes the caller's password; the current one must be given (a stolen session alone cannot lock the owner out). */
export const changePassword = protectedProcedure
  .input(changePasswordInput)
  .output(changePasswordOutput)
  .mutation(async ({ ctx, input }) => {
    const userId = ctx.session.userId;
    const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
    if (!user) throw new AppError('unauthorized', 'Sign in to continue.');
    const ok = await verifyPassword(input.currentPassword, user.passwordHash).catch(() => false);
    if (!ok) {
      throw new AppError('bad_request', 'The current password is wrong.', { details: [{ field: 'currentPassword', message: 'is wrong' }] });
    }
    if (input.newPassword === input.currentPassword) {
      throw new AppError('bad_request', 'The new password must differ from the current one.', { details: [{ field: 'newPassword', message: 'is unchanged' }] });
    }
    const passwordHash = await hashPassword(input.newPassword);
    await ctx.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: { passwordHash } });
      await writeAudit(tx, { workspaceId: null, actorId: userId, action: 'account.password_changed', targetType: 'user', targetId: userId });
    });
    return { changed: true as const };
  });
