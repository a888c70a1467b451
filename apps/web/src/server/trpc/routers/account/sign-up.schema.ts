import { z } from 'zod';
import { emailField, newPasswordField, personNameField, workspaceNameField } from '../../../auth/account-fields';

/** The sign-up form and procedure input: the same schema on both sides. */
export const signUpInput = z.object({
  name: personNameField,
  email: emailField,
  password: newPasswordField,
  workspaceName: workspaceNameField,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signUpOutput = z.object({ userId: z.string(), workspace: z.object({ id: z.string(), slug: z.string() }) });
