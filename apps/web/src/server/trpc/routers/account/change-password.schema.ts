import { z } from 'zod';
import { newPasswordField } from '../../../auth/account-fields';

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, { error: 'Enter your current password.' }).max(1024),
  newPassword: newPasswordField,
});
export const changePasswordOutput = z.object({ changed: z.literal(true) });
