'use client';

import { configureChatwootInputSchema, type ChatwootIntegrationView } from '@switchboard/core/crm-settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';
import { CrmDeadLetters } from './crm-dead-letters';
import { fieldErrors } from './form-errors';

/** Chatwoot set-up of a workspace: settings form (admins), the webhook URL to paste into Chatwoot, test connection, and the dead-letter list. */
export function ChatwootSettings({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.crm.settings.queryOptions({ workspaceId }));
  const test = useMutation(trpc.crm.testConnection.mutationOptions());

  // The form starts from the stored settings, so it waits for them: an empty form over a stored integration would overwrite it.
  if (settings.isPending) {
    return (
      <div className="skeleton-list" aria-busy="true" data-testid="chatwoot-loading">
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (settings.isError) {
    return (
      <div className="alert" role="alert" data-testid="chatwoot-error">
        Could not load the Chatwoot settings: {settings.error.message}{' '}
        <button type="button" className="button small" onClick={() => void settings.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  const current = settings.data;

  return (
    <div className="stack">
      {current ? (
        <div className="card" data-testid="chatwoot-webhook-url">
          <p>Webhook URL to give Chatwoot (API inbox webhook, or Settings → Integrations → Webhooks: message created, conversation status changed, conversation updated):</p>
          <p className="mono" data-testid="chatwoot-webhook-url-value">
            {current.webhook_url}
          </p>
          <p className="muted small" data-testid="chatwoot-summary">
            Inbox {current.inbox_id ?? 'not chosen'} · signature {current.has_webhook_secret ? 'checked' : 'not checked (no secret)'} · auto-resume{' '}
            {current.auto_resume_minutes ? `${current.auto_resume_minutes} min` : 'off'} · {current.enabled ? 'enabled' : 'disabled'}
          </p>
          {canManage ? (
            <div>
              <button type="button" className="button small" data-testid="chatwoot-test" disabled={test.isPending} onClick={() => test.mutate({ workspaceId })}>
                {test.isPending ? 'Testing…' : 'Test connection'}
              </button>
            </div>
          ) : null}
          {test.isError ? (
            <p className="alert small" role="alert" data-testid="chatwoot-test-result">
              {test.error.message}
            </p>
          ) : null}
          {test.data ? (
            <p className={test.data.ok ? 'small' : 'alert small'} data-testid="chatwoot-test-result">
              {test.data.ok ? `Connected: inbox “${test.data.inbox?.name ?? ''}” (API channel).` : test.data.problem}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="muted empty" data-testid="chatwoot-not-set-up">
          Chatwoot is not set up for this workspace.
          {canManage ? ' Save the settings below; the webhook URL to paste into Chatwoot appears here (an inbox we create gets it by itself).' : ' An admin can set it up.'}
        </p>
      )}
      {canManage ? <ChatwootForm workspaceId={workspaceId} current={current} onSaved={() => test.reset()} /> : null}
      <CrmDeadLetters workspaceId={workspaceId} />
    </div>
  );
}

/** The admins' settings form, validated with the server's schema before it is sent; secrets are write-only. */
function ChatwootForm({ workspaceId, current, onSaved }: { workspaceId: string; current: ChatwootIntegrationView | null; onSaved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [baseUrl, setBaseUrl] = useState(current?.base_url ?? '');
  const [accountId, setAccountId] = useState(current ? String(current.account_id) : '');
  const [token, setToken] = useState('');
  const [inboxId, setInboxId] = useState(current?.inbox_id ? String(current.inbox_id) : '');
  const [newInbox, setNewInbox] = useState('WhatsApp');
  const [createInbox, setCreateInbox] = useState(false);
  const [secret, setSecret] = useState('');
  const [autoResume, setAutoResume] = useState(current ? String(current.auto_resume_minutes) : '0');
  const [enabled, setEnabled] = useState(current?.enabled ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation(
    trpc.crm.configure.mutationOptions({
      onSuccess: (view) => {
        setToken('');
        setSecret('');
        setCreateInbox(false);
        setInboxId(view.inbox_id ? String(view.inbox_id) : '');
        onSaved();
      },
      // Read the stored settings again either way (a failed save leaves them as they were).
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.crm.settings.queryKey() }),
    }),
  );
  const serverErrors = Object.fromEntries((save.error?.data?.fieldErrors ?? []).map((e) => [e.field, e.message]));
  const errorOf = (field: string) => errors[field] ?? serverErrors[field];
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = configureChatwootInputSchema.safeParse({
      base_url: baseUrl.trim(),
      account_id: number(accountId),
      ...(token ? { access_token: token } : {}),
      ...(createInbox ? { create_inbox: { name: newInbox.trim() } } : inboxId.trim() ? { inbox_id: number(inboxId) } : {}),
      ...(secret ? { webhook_secret: secret } : {}),
      auto_resume_minutes: number(autoResume),
      enabled,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    if (!current && !parsed.data.access_token) {
      setErrors({ access_token: 'required when setting up Chatwoot' });
      return;
    }
    setErrors({});
    save.mutate({ workspaceId, settings: parsed.data });
  }

  const problem = (field: string) => {
    const message = errorOf(field);
    return message ? (
      <span className="alert small" data-testid={`chatwoot-error-${field}`}>
        {message}
      </span>
    ) : null;
  };

  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="chatwoot-form">
      <label className="field">
        <span>Chatwoot URL</span>
        <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://chat.example.com" data-testid="chatwoot-base-url" />
        {problem('base_url')}
      </label>
      <label className="field">
        <span>Account id</span>
        <input inputMode="numeric" value={accountId} onChange={(e) => setAccountId(e.target.value)} data-testid="chatwoot-account-id" />
        <span className="muted small">The number after /app/accounts/ in Chatwoot&apos;s address bar.</span>
        {problem('account_id')}
      </label>
      <label className="field">
        <span>Access token {current ? '(stored; leave empty to keep it)' : ''}</span>
        <input type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} data-testid="chatwoot-access-token" />
        <span className="muted small">Profile settings → Access Token of an administrator (or an agent in the inbox).</span>
        {problem('access_token')}
      </label>
      <label>
        <input type="checkbox" checked={createInbox} onChange={(e) => setCreateInbox(e.target.checked)} data-testid="chatwoot-create-inbox" /> Create an API-channel inbox for us
      </label>
      {createInbox ? (
        <label className="field">
          <span>Inbox name</span>
          <input value={newInbox} onChange={(e) => setNewInbox(e.target.value)} data-testid="chatwoot-inbox-name" />
          {problem('create_inbox')}
        </label>
      ) : (
        <label className="field">
          <span>Existing API inbox id</span>
          <input inputMode="numeric" value={inboxId} onChange={(e) => setInboxId(e.target.value)} data-testid="chatwoot-inbox-id" />
          {problem('inbox_id')}
        </label>
      )}
      <label className="field">
        <span>Webhook secret {current?.has_webhook_secret ? '(stored; leave empty to keep it)' : '(optional, Chatwoot 4.x)'}</span>
        <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} data-testid="chatwoot-webhook-secret" />
        {problem('webhook_secret')}
      </label>
      <label className="field">
        <span>Give conversations back to the bot after this many minutes without agent activity (0 = never)</span>
        <input inputMode="numeric" value={autoResume} onChange={(e) => setAutoResume(e.target.value)} data-testid="chatwoot-auto-resume" />
        {problem('auto_resume_minutes')}
      </label>
      <label>
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="chatwoot-enabled" /> Enabled
      </label>
      {save.isError ? (
        <p className="alert small" role="alert" data-testid="chatwoot-save-error">
          {save.error.message}
        </p>
      ) : null}
      {save.isSuccess ? (
        <p className="muted small" data-testid="chatwoot-saved">
          Saved{save.data.inbox_id ? ` (inbox ${save.data.inbox_id})` : ''}.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button primary" disabled={save.isPending} data-testid="chatwoot-save">
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
