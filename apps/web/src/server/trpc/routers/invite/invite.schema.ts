import { z } from 'zod';
import { emailField, newPasswordField, personNameField } from '../../../auth/account-fields';
import { roleSchema } from '../../../auth/role-schema';

/** The invite form and `invite.create` input. */
export const createInviteFields = z.object({ email: emailField, role: roleSchema });
export const createInviteInput = createInviteFields.extend({ workspaceId: z.uuid().optional() });

export const inviteViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(['pending', 'expired', 'accepted']),
  expiresAt: z.date(),
  createdAt: z.date(),
  invitedBy: z.string().nullable(),
});
export type InviteView = z.infer<typeof inviteViewSchema>;

export const createInviteOutput = z.object({ invite: inviteViewSchema, url: z.string() });
export const listInvitesOutput = z.array(inviteViewSchema);
export const revokeInviteInput = z.object({ workspaceId: z.uuid().optional(), id: z.uuid() });
export const revokeInviteOutput = z.object({ revoked: z.literal(true) });

const tokenField = z.string().min(10).max(200);
export const inviteTokenInput = z.object({ token: tokenField });
export const previewInviteOutput = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: z.date(),
  /** True when an account with the invited email exists (the page then asks to sign in rather than sign up). */
  accountExists: z.boolean(),
});
export const acceptInviteOutput = z.object({ workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }) });

/** The new-user form on the invite page: the email is the invite's. */
export const inviteSignUpFields = z.object({ name: personNameField, password: newPasswordField });
export const inviteSignUpInput = inviteSignUpFields.extend({ token: tokenField });
export const inviteSignUpOutput = acceptInviteOutput.extend({ email: z.string() });
