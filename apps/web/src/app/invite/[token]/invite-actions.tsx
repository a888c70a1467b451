'use client';

import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { fieldErrors } from '../../../components/form-errors';
import { signInAfter } from '../../../components/sign-in-after';
import { inviteSignUpFields } from '../../../server/trpc/routers/invite/invite.schema';
import { useTRPC } from '../../../trpc/react';

interface InviteActionsProps {
  token: string;
  email: string;
  accountExists: boolean;
  signedInAs: string | null;
}

/** Accept as the signed-in user; otherwise sign in (existing account) or create the invited account and join. */
export function InviteActions({ token, email, accountExists, signedInAs }: InviteActionsProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const go = (slug: string) => {
    router.replace(`/w/${encodeURIComponent(slug)}`);
    router.refresh();
  };
  const accept = useMutation(trpc.invite.accept.mutationOptions({ onSuccess: (r) => go(r.workspace.slug) }));
  const signUp = useMutation(trpc.invite.signUp.mutationOptions());
  const here = `/invite/${encodeURIComponent(token)}`;

  if (signedInAs !== null) {
    if (signedInAs.toLowerCase() !== email) {
      return (
        <div className="stack">
          <p className="alert" role="alert">
            You are signed in as {signedInAs}, but this invite is for {email}.
          </p>
          <button type="button" className="button" onClick={() => void signOut({ callbackUrl: here })}>
            Sign out and continue as {email}
          </button>
        </div>
      );
    }
    return (
      <div className="stack">
        {accept.isError ? (
          <p className="alert" role="alert" data-testid="invite-error">
            {accept.error.message}
          </p>
        ) : null}
        <button type="button" className="button primary" data-testid="invite-accept" disabled={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
          {accept.isPending ? 'Joining…' : 'Accept and join'}
        </button>
      </div>
    );
  }

  if (accountExists) {
    return (
      <a className="button primary" href={`/login?callbackUrl=${encodeURIComponent(here)}`} data-testid="invite-sign-in">
        Sign in as {email} to accept
      </a>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = inviteSignUpFields.safeParse({ name: String(form.get('name') ?? ''), password: String(form.get('password') ?? '') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setError(null);
    try {
      const joined = await signUp.mutateAsync({ token, ...parsed.data });
      if (!(await signInAfter(joined.email, parsed.data.password))) {
        setError('Your account was created, but signing in failed. Please sign in.');
        return;
      }
      go(joined.workspace.slug);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not create the account.');
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="invite-signup-form">
      <p className="muted">Create your account to join.</p>
      <label className="field">
        <span>Email</span>
        <input value={email} readOnly />
      </label>
      <label className="field">
        <span>Your name (optional)</span>
        <input name="name" autoComplete="name" data-testid="invite-name" />
        {errors.name ? <span className="alert small">{errors.name}</span> : null}
      </label>
      <label className="field">
        <span>Password (8+ characters)</span>
        <input name="password" type="password" autoComplete="new-password" data-testid="invite-password" />
        {errors.password ? <span className="alert small">{errors.password}</span> : null}
      </label>
      {error ? (
        <p className="alert" role="alert" data-testid="invite-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button primary" data-testid="invite-signup-submit" disabled={signUp.isPending || signUp.isSuccess}>
        {signUp.isPending ? 'Creating your account…' : 'Create account and join'}
      </button>
    </form>
  );
}
