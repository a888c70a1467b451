'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { fieldErrors } from '../../components/form-errors';
import { signInAfter } from '../../components/sign-in-after';
import { signUpInput } from '../../server/trpc/routers/account/sign-up.schema';
import { useTRPC } from '../../trpc/react';

/** Sign up: validated with the server's schema, then signed in and taken to the new workspace. */
export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const signUp = useMutation(trpc.account.signUp.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signUpInput.safeParse({
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      workspaceName: String(form.get('workspaceName') ?? ''),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setError(null);
    try {
      const created = await signUp.mutateAsync(parsed.data);
      if (!(await signInAfter(parsed.data.email, parsed.data.password))) {
        setError('Your account was created, but signing in failed. Please sign in.');
        return;
      }
      router.replace(`/w/${encodeURIComponent(created.workspace.slug)}`);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-up failed. Please try again.');
    }
  }

  const busy = signUp.isPending || signUp.isSuccess;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="signup-form">
      <Field label="Your name (optional)" name="name" autoComplete="name" error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" error={errors.email} />
      <Field label="Password (8+ characters)" name="password" type="password" autoComplete="new-password" error={errors.password} />
      <Field label="Workspace name" name="workspaceName" autoComplete="organization" error={errors.workspaceName} />
      {error ? (
        <p className="alert" role="alert" data-testid="signup-error">
          {error}
        </p>
      ) : null}
      <button data-testid="signup-submit" className="button primary" type="submit" disabled={busy}>
        {busy ? 'Creating your workspace…' : 'Create account'}
      </button>
    </form>
  );
}

function Field({ label, name, type = 'text', autoComplete, error }: { label: string; name: string; type?: string; autoComplete: string; error: string | undefined }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input data-testid={`signup-${name}`} name={name} type={type} autoComplete={autoComplete} aria-invalid={error ? true : undefined} />
      {error ? (
        <span className="alert small" data-testid={`signup-${name}-error`}>
          {error}
        </span>
      ) : null}
    </label>
  );
}
