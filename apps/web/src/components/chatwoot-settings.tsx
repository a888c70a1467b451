'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

/** Chatwoot set-up of a workspace: settings form (admins), the webhook URL to paste into Chatwoot, test connection, and the dead-letter list. */
export function ChatwootSettings({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.crm.settings.queryOptions({ workspaceId }));
  const deadLetters = useQuery(trpc.crm.deadLetters.queryOptions({ workspaceId, includeResolved: false }));
  const [baseUrl, setBaseUrl] = useState('');
  const [accountId, setAccountId] = useState('');
  const [token, setToken] = useState('');
  const [inboxId, setInboxId] = useState('');
  const [newInbox, setNewInbox] = useState('WhatsApp');
  const [createInbox, setCreateInbox] = useState(false);
  const [secret, setSecret] = useState('');
  const [autoResume, setAutoResume] = useState('0');
  const [enabled, setEnabled] = useState(true);
  const current = settings.data;

  useEffect(() => {
    if (!current) return;
    setBaseUrl(current.base_url);
    setAccountId(String(current.account_id));
    setInboxId(current.inbox_id === null ? '' : String(current.inbox_id));
    setAutoResume(String(current.auto_resume_minutes));
    setEnabled(current.enabled);
  }, [current]);

  const save = useMutation(
    trpc.crm.configure.mutationOptions({
      onSuccess: () => {
        setToken('');
        setSecret('');
        setCreateInbox(false);
        void queryClient.invalidateQueries({ queryKey: trpc.crm.settings.queryKey() });
      },
    }),
  );
  const test = useMutation(trpc.crm.testConnection.mutationOptions());
  const error = save.error ?? test.error;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    save.mutate({
      workspaceId,
      settings: {
        base_url: baseUrl,
        account_id: Number(accountId),
        ...(token ? { access_token: token } : {}),
        ...(createInbox ? { create_inbox: { name: newInbox } } : inboxId ? { inbox_id: Number(inboxId) } : {}),
        ...(secret ? { webhook_secret: secret } : {}),
        auto_resume_minutes: Number(autoResume),
        enabled,
      },
    });
  };

  return (
    <div className="stack">
      {error ? (
        <p className="alert small" role="alert">
          {error.message}
        </p>
      ) : null}
      {current ? (
        <div className="card" data-testid="chatwoot-webhook-url">
          <p>Webhook URL to give Chatwoot (API inbox webhook, or Settings → Integrations → Webhooks: message created, conversation status changed, conversation updated):</p>
          <p className="mono">{current.webhook_url}</p>
          <p className="muted small">
            Inbox {current.inbox_id ?? 'not chosen'} · signature {current.has_webhook_secret ? 'checked' : 'not checked (no secret)'} · auto-resume{' '}
            {current.auto_resume_minutes ? `${current.auto_resume_minutes} min` : 'off'} · {current.enabled ? 'enabled' : 'disabled'}
          </p>
          {canManage ? (
            <button type="button" className="button small" data-testid="chatwoot-test" disabled={test.isPending} onClick={() => test.mutate({ workspaceId })}>
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
          ) : null}
          {test.data ? (
            <p className={test.data.ok ? 'small' : 'alert small'} data-testid="chatwoot-test-result">
              {test.data.ok ? `Connected: inbox “${test.data.inbox?.name ?? ''}” (API channel).` : test.data.problem}
            </p>
          ) : null}
        </div>
      ) : null}
      {canManage ? (
        <form className="stack" onSubmit={submit} data-testid="chatwoot-form">
          <label>
            Chatwoot URL
            <input required type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://chat.example.com" />
          </label>
          <label>
            Account id
            <input required inputMode="numeric" value={accountId} onChange={(e) => setAccountId(e.target.value)} />
          </label>
          <label>
            Access token {current ? '(leave empty to keep the stored one)' : ''}
            <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required={!current} />
          </label>
          <label>
            <input type="checkbox" checked={createInbox} onChange={(e) => setCreateInbox(e.target.checked)} /> Create an API-channel inbox for us
          </label>
          {createInbox ? (
            <label>
              Inbox name
              <input required value={newInbox} onChange={(e) => setNewInbox(e.target.value)} />
            </label>
          ) : (
            <label>
              Existing API inbox id
              <input inputMode="numeric" value={inboxId} onChange={(e) => setInboxId(e.target.value)} />
            </label>
          )}
          <label>
            Webhook secret {current?.has_webhook_secret ? '(stored; leave empty to keep it)' : '(optional, Chatwoot 4.x)'}
            <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
          <label>
            Give conversations back to the bot after this many minutes without agent activity (0 = never)
            <input inputMode="numeric" value={autoResume} onChange={(e) => setAutoResume(e.target.value)} />
          </label>
          <label>
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
          </label>
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </form>
      ) : null}
      <h2>Not synced</h2>
      <QueryState query={deadLetters} testId="crm-dead-letters" empty="Everything reached Chatwoot.">
        {(rows) => (
          <table className="table" data-testid="crm-dead-letters">
            <thead>
              <tr>
                <th>What</th>
                <th>Why</th>
                <th>Tries</th>
                <th>Last</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    {row.task} <span className="mono small">{row.local_id}</span>
                  </td>
                  <td>
                    {row.error}
                    {row.status ? ` (HTTP ${row.status})` : ''}
                    {row.retryable ? ' — retried by the reconciler' : ''}
                  </td>
                  <td>{row.attempts}</td>
                  <td>{new Date(row.updated_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
