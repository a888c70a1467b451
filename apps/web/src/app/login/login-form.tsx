'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useState } from 'react';

interface LoginFormProps {
  callbackUrl: string;
  initialError: string | null;
  oauthProviders: { id: string; name: string }[];
}

export function LoginForm({ callbackUrl, initialError, oauthProviders }: LoginFormProps) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      setError(result?.error === 'CredentialsSignin' ? 'Wrong email or password.' : 'Sign-in failed. Please try again.');
    } catch {
      setError('Could not reach the server. Please try again.');
    }
    setPending(false);
  }

  return (
    <>
      <form className="stack" onSubmit={onSubmit} noValidate>
        <label className="field">
          <span>Email</span>
          <input data-testid="login-email" name="email" type="email" autoComplete="email" required autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input data-testid="login-password" name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p className="alert" role="alert" data-testid="login-error">
            {error}
          </p>
        ) : null}
        <button data-testid="login-submit" className="button primary" type="submit" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oauthProviders.length > 0 ? (
        <div className="stack oauth">
          <p className="muted divider">or</p>
          {oauthProviders.map((p) => (
            <button key={p.id} type="button" className="button" onClick={() => void signIn(p.id, { callbackUrl })}>
              Continue with {p.name}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
