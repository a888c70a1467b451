'use client';

import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { changePasswordInput } from '../server/trpc/routers/account/change-password.schema';
import { useTRPC } from '../trpc/react';
import { fieldErrors } from './form-errors';

/** Password change: the current password is required; validated with the server's schema. */
export function ChangePasswordForm() {
  const trpc = useTRPC();
  const change = useMutation(trpc.account.changePassword.mutationOptions());
  const [errors, setErrors] = useState<Record<string, string>>({});

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = changePasswordInput.safeParse({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const target = event.currentTarget;
    change.mutate(parsed.data, { onSuccess: () => target.reset() });
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="change-password-form">
      <label className="field">
        <span>Current password</span>
        <input name="currentPassword" type="password" autoComplete="current-password" data-testid="current-password" />
        {errors.currentPassword ? <span className="alert small">{errors.currentPassword}</span> : null}
      </label>
      <label className="field">
        <span>New password (8+ characters)</span>
        <input name="newPassword" type="password" autoComplete="new-password" data-testid="new-password" />
        {errors.newPassword ? <span className="alert small">{errors.newPassword}</span> : null}
      </label>
      {change.isError ? (
        <p className="alert small" role="alert" data-testid="change-password-error">
          {change.error.message}
        </p>
      ) : null}
      {change.isSuccess ? <p className="muted small" data-testid="change-password-done">Password changed.</p> : null}
      <div>
        <button type="submit" className="button primary" disabled={change.isPending} data-testid="change-password-submit">
          {change.isPending ? 'Saving…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
