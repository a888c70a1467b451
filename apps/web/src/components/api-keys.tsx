'use client';

import { createApiKeyInputSchema, type ApiKeyView } from '@switchboard/core/api-key-admin-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** API keys of a workspace: create with scopes (secret shown once), rotate with an overlap, revoke (confirmed). */
export function ApiKeys({ workspaceId, scopes }: { workspaceId: string; scopes: readonly string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.apiKey.list.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.queryKey() });
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [days, setDays] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const shown = { onSuccess: (created: { key: string; api_key: ApiKeyView }) => { setSecret({ name: created.api_key.name, key: created.key }); void refresh(); } };
  const create = useMutation(trpc.apiKey.create.mutationOptions(shown));
  const rotate = useMutation(trpc.apiKey.rotate.mutationOptions(shown));
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  const error = create.error ?? rotate.error ?? revoke.error;

  const submit = () => {
    // The same schema the server parses with, so the form says what is wrong before a round trip.
    const parsed = createApiKeyInputSchema.safeParse({ name, scopes: chosen, ...(days ? { expires_in_days: Number(days) } : {}) });
    if (!parsed.success) {
      setFormError(parsed.error.issues.map((i) => i.message).join('; '));
      return;
    }
    setFormError(null);
    create.mutate({ workspaceId, key: parsed.data }, { onSuccess: () => { setName(''); setChosen([]); setDays(''); } });
  };

  return (
    <div className="stack">
      {secret ? (
        <div className="card" data-testid="api-key-secret">
          <p>
            New key <strong>{secret.name}</strong> — copy it now, it is not shown again:
          </p>
          <p className="mono">{secret.key}</p>
          <button type="button" className="button small" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="alert small" role="alert">
          {error.message}
        </p>
      ) : null}
      <QueryState query={query} testId="api-keys" empty="No API keys yet.">
        {(keys) => (
          <table className="table" data-testid="api-keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scopes</th>
                <th>Status</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="api-key-row">
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td className="small">{k.scopes.join(', ')}</td>
                  <td>
                    <span className={`status status-${k.status === 'active' ? 'active' : 'disabled'}`}>{k.status}</span>
                    {k.status === 'active' && k.expires_at ? <span className="muted small block">until {when(k.expires_at)}</span> : null}
                  </td>
                  <td className="small">{when(k.last_used_at)}</td>
                  <td className="stack">
                    {k.status === 'active' ? (
                      <>
                        <button
                          type="button"
                          className="button small"
                          disabled={rotate.isPending}
                          onClick={() => rotate.mutate({ workspaceId, id: k.id, rotation: { overlap_hours: 24 } })}
                        >
                          Rotate (old key valid 24 h)
                        </button>
                        <button
                          type="button"
                          className="button small danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke "${k.name}" (${k.prefix}…)? Requests with it fail within seconds.`)) revoke.mutate({ workspaceId, id: k.id });
                          }}
                        >
                          Revoke
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <form
        className="stack"
        onSubmit={(ev) => {
          ev.preventDefault();
          submit();
        }}
      >
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(ev) => setName(ev.target.value)} placeholder="e.g. Billing backend" />
        </label>
        <fieldset className="field">
          <legend>Scopes</legend>
          {scopes.map((scope) => (
            <label key={scope} className="small">
              <input
                type="checkbox"
                checked={chosen.includes(scope)}
                onChange={(ev) => setChosen(ev.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope))}
              />{' '}
              {scope}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Expires after (days, empty = never)</span>
          <input type="number" min={1} max={3650} value={days} onChange={(ev) => setDays(ev.target.value)} />
        </label>
        {formError ? (
          <p className="alert small" role="alert" data-testid="api-key-form-error">
            {formError}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={create.isPending}>
          Create key
        </button>
      </form>
    </div>
  );
}
