'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { roleSchema, type Role } from '../server/auth/role-schema';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

const roles = roleSchema.options;

/** Members with their roles; admins change roles and remove members (confirmed). */
export function Members({ workspaceId, myRole, myUserId }: { workspaceId: string; myRole: Role; myUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.member.list.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const setRole = useMutation(trpc.member.setRole.mutationOptions({ onSettled: () => void refresh() }));
  const remove = useMutation(trpc.member.remove.mutationOptions({ onSuccess: () => void refresh() }));
  const canManage = myRole === 'owner' || myRole === 'admin';
  // Mirrors the server's rule: only owners grant or touch the owner role.
  const editable = (role: Role) => canManage && (myRole === 'owner' || role !== 'owner');
  const error = setRole.error ?? remove.error;

  return (
    <div className="stack">
      {error ? (
        <p className="alert small" role="alert" data-testid="members-error">
          {error.message}
        </p>
      ) : null}
      <QueryState query={query} testId="members" empty="No members.">
        {(members) => (
          <table className="table" data-testid="members">
            <thead>
              <tr>
                <th>Member</th>
                <th>Role</th>
                <th>Joined</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.userId} data-testid="member-row" data-email={m.email}>
                  <td>
                    {m.name ?? m.email}
                    {m.userId === myUserId ? <span className="muted small"> (you)</span> : null}
                    {m.name ? <span className="muted small block">{m.email}</span> : null}
                  </td>
                  <td>
                    {editable(m.role) ? (
                      <select
                        aria-label={`Role of ${m.email}`}
                        data-testid="member-role"
                        value={m.role}
                        disabled={setRole.isPending}
                        onChange={(e) => setRole.mutate({ workspaceId, userId: m.userId, role: roleSchema.parse(e.target.value) })}
                      >
                        {roles.filter((r) => myRole === 'owner' || r !== 'owner').map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="badge">{m.role}</span>
                    )}
                  </td>
                  <td className="small">{m.joinedAt.toLocaleDateString()}</td>
                  <td>
                    {editable(m.role) ? (
                      <button
                        type="button"
                        className="button small"
                        data-testid="member-remove"
                        disabled={remove.isPending}
                        onClick={() => {
                          const who = m.userId === myUserId ? 'yourself' : m.email;
                          if (window.confirm(`Remove ${who} from this workspace? They lose access at once.`)) remove.mutate({ workspaceId, userId: m.userId });
                        }}
                      >
                        Remove
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
