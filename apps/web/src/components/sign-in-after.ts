import { signIn } from 'next-auth/react';

/** Signs in with the credentials just used to create the account; false when that did not work. */
export async function signInAfter(email: string, password: string): Promise<boolean> {
  const result = await signIn('credentials', { email, password, redirect: false });
  return Boolean(result?.ok && !result.error);
}
