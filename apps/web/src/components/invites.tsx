'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { roleSchema, type Role } from '../server/auth/role-schema';
import { createInviteFields } from '../server/trpc/routers/invite/invite.schema';
import { useTRPC } from '../trpc/react';
import { fieldErrors } from './form-errors';
import { QueryState } from './query-state';

/** Invite by link (shown once: only its hash is stored), and the list of invites with revoke (confirmed). */
export function Invites({ workspaceId, myRole }: { workspaceId: string; myRole: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.invite.list.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invite.list.queryKey() });
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.invite.create.mutationOptions({
      onSuccess: (created) => {
        setLink({ email: created.invite.email, url: created.url });
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.invite.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  const roles = roleSchema.options.filter((r) => myRole === 'owner' || r !== 'owner');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = createInviteFields.safeParse({ email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    const target = event.currentTarget;
    create.mutate({ workspaceId, ...parsed.data }, { onSuccess: () => target.reset() });
  }

  const error = create.error ?? revoke.error;
  return (
    <div className="stack">
      <form className="stack" onSubmit={onSubmit} noValidate data-testid="invite-form">
        <label className="field">
          <span>Email</span>
          <input name="email" type="email" autoComplete="off" data-testid="invite-email" />
          {errors.email ? <span className="alert small">{errors.email}</span> : null}
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" defaultValue="editor" data-testid="invite-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <div>
          <button type="submit" className="button primary" disabled={create.isPending} data-testid="invite-submit">
            {create.isPending ? 'Creating link…' : 'Create invite link'}
          </button>
        </div>
      </form>
      {link ? (
        <div className="card" data-testid="invite-link">
          <p>
            Send this link to <strong>{link.email}</strong>. It works once, for 7 days, and is not shown again:
          </p>
          <input readOnly className="mono" value={link.url} data-testid="invite-url" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button small" onClick={() => setLink(null)}>
            Done
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="alert small" role="alert">
          {error.message}
        </p>
      ) : null}
      <QueryState query={query} testId="invites" empty="No invites yet.">
        {(invites) => (
          <table className="table" data-testid="invites">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Status</th>
                <th>Invited by</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {invites.map((i) => (
                <tr key={i.id} data-testid="invite-row">
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>
                    {i.status}
                    {i.status === 'pending' ? <span className="muted small block">until {i.expiresAt.toLocaleString()}</span> : null}
                  </td>
                  <td className="small">{i.invitedBy ?? '—'}</td>
                  <td>
                    {i.status !== 'accepted' ? (
                      <button
                        type="button"
                        className="button small"
                        data-testid="invite-revoke"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke the invite for ${i.email}? The link stops working.`)) revoke.mutate({ workspaceId, id: i.id });
                        }}
                      >
                        {i.status === 'expired' ? 'Delete' : 'Revoke'}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
