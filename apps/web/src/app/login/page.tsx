import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getEnv } from '../../env';
import { getAppSession } from '../../server/auth/get-app-session';
import { safeCallbackUrl } from '../../server/auth/safe-callback-url';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

const errorMessages: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  NoAccount: 'No Switchboard account uses that email. Ask a workspace owner to invite you.',
  OAuthEmailUnverified: 'That provider did not confirm a verified email address.',
  AccessDenied: 'Access denied.',
  SessionRequired: 'Please sign in to continue.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getAppSession()) redirect(callbackUrl);

  const env = getEnv();
  const error = typeof params.error === 'string' ? (errorMessages[params.error] ?? 'Sign-in failed. Please try again.') : null;
  const oauthProviders = [
    ...(env.GITHUB_ID && env.GITHUB_SECRET ? [{ id: 'github', name: 'GitHub' }] : []),
    ...(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET ? [{ id: 'google', name: 'Google' }] : []),
  ];

  return (
    <main className="login">
      <div className="login-card">
        <h1 className="brand">Switchboard</h1>
        <p className="muted">Sign in to your workspace</p>
        <LoginForm callbackUrl={callbackUrl} initialError={error} oauthProviders={oauthProviders} />
        <p className="muted small">
          New to Switchboard?{' '}
          <a href="/signup" data-testid="signup-link">
            Create an account
          </a>
        </p>
      </div>
    </main>
  );
}
