'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { workspaceNameField } from '../server/auth/account-fields';
import { useTRPC } from '../trpc/react';

/** Renames the workspace (the slug, and so every link, stays). */
export function RenameWorkspaceForm({ workspaceId, name }: { workspaceId: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rename = useMutation(trpc.workspace.rename.mutationOptions({ onSuccess: () => router.refresh() }));
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = workspaceNameField.safeParse(String(new FormData(event.currentTarget).get('name') ?? ''));
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Invalid name.');
      return;
    }
    setError(null);
    rename.mutate({ workspaceId, name: parsed.data });
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate data-testid="rename-workspace-form">
      <label className="field">
        <span>Workspace name</span>
        <input name="name" defaultValue={name} data-testid="workspace-name-input" />
      </label>
      {(error ?? rename.error?.message) ? (
        <p className="alert small" role="alert">
          {error ?? rename.error?.message}
        </p>
      ) : null}
      {rename.isSuccess ? <p className="muted small" data-testid="rename-done">Saved.</p> : null}
      <div>
        <button type="submit" className="button primary" disabled={rename.isPending} data-testid="rename-submit">
          {rename.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
