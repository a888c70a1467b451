'use client';

import type { WebhookEventType } from '@switchboard/webhooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';
import { WebhookDeliveries } from './webhook-deliveries';

const reasons: Record<string, string> = {
  gone: 'the endpoint answered 410 Gone',
  failing: 'every delivery failed for 5 days',
  by_user: 'it was disabled by hand',
};

/** Webhook endpoints of a workspace (event types come from the server page, so no server code reaches the browser): notices for disabled ones, create, enable/disable, rotate, delivery log, replay. */
export function WebhookEndpoints({ workspaceId, canManage, eventTypes }: { workspaceId: string; canManage: boolean; eventTypes: readonly WebhookEventType[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.webhook.list.queryOptions({ workspaceId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
  const [secret, setSecret] = useState<{ endpointId: string; secret: string } | null>(null);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: (created) => {
        setSecret({ endpointId: created.id, secret: created.secret });
        setUrl('');
        void refresh();
      },
    }),
  );
  const update = useMutation(trpc.webhook.update.mutationOptions({ onSuccess: () => void refresh() }));
  const rotate = useMutation(
    trpc.webhook.rotateSecret.mutationOptions({
      onSuccess: (rotated) => {
        setSecret({ endpointId: rotated.id, secret: rotated.secret });
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const replay = useMutation(trpc.webhook.replayEndpoint.mutationOptions());
  const error = create.error ?? update.error ?? rotate.error ?? remove.error ?? replay.error;

  return (
    <div className="stack">
      {query.data
        ?.filter((e) => !e.enabled && e.disabled_reason !== 'by_user')
        .map((e) => (
          <div className="alert" role="alert" key={e.id} data-testid="webhook-disabled-notice">
            Webhook endpoint <span className="mono">{e.url}</span> was disabled on {e.disabled_at ? new Date(e.disabled_at).toLocaleString() : '—'} because{' '}
            {reasons[e.disabled_reason ?? ''] ?? e.disabled_reason}. Fix the receiver, enable it, then replay what it missed.
          </div>
        ))}
      {secret ? (
        <div className="card" data-testid="webhook-secret">
          <p>Signing secret — copy it now, it is not shown again:</p>
          <p className="mono">{secret.secret}</p>
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
      <QueryState query={query} testId="webhook-endpoints" empty="No webhook endpoints yet.">
        {(endpoints) => (
          <table className="table" data-testid="webhook-endpoints">
            <thead>
              <tr>
                <th>URL</th>
                <th>Events</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <Fragment key={e.id}>
                  <tr>
                    <td>
                      <span className="mono">{e.url}</span>
                      {e.description ? <span className="muted small block">{e.description}</span> : null}
                      {e.previous_secret_expires_at ? (
                        <span className="muted small block">Old secret valid until {new Date(e.previous_secret_expires_at).toLocaleString()}</span>
                      ) : null}
                    </td>
                    <td className="small">{e.event_types.length ? e.event_types.join(', ') : 'all'}</td>
                    <td>
                      <span className={`status status-${e.enabled ? 'active' : 'disabled'}`}>{e.enabled ? 'enabled' : 'disabled'}</span>
                      {e.failing_since ? <span className="muted small block">failing since {new Date(e.failing_since).toLocaleString()}</span> : null}
                    </td>
                    <td className="stack">
                      <button type="button" className="button small" onClick={() => setOpen(open === e.id ? null : e.id)}>
                        {open === e.id ? 'Hide deliveries' : 'Deliveries'}
                      </button>
                      {canManage ? (
                        <>
                          <button type="button" className="button small" onClick={() => update.mutate({ workspaceId, id: e.id, changes: { enabled: !e.enabled } })}>
                            {e.enabled ? 'Disable' : 'Enable'}
                          </button>
                          <button type="button" className="button small" onClick={() => rotate.mutate({ workspaceId, id: e.id })}>
                            Rotate secret
                          </button>
                          <label className="small">
                            Replay since{' '}
                            <input type="datetime-local" value={since} onChange={(ev) => setSince(ev.target.value)} />
                          </label>
                          <button
                            type="button"
                            className="button small"
                            disabled={!since || !e.enabled}
                            onClick={() => replay.mutate({ workspaceId, id: e.id, range: { since: new Date(since).toISOString() } })}
                          >
                            Replay
                          </button>
                          {replay.data && replay.variables?.id === e.id ? <span className="muted small">{replay.data.replayed} scheduled</span> : null}
                          <button type="button" className="button small" onClick={() => remove.mutate({ workspaceId, id: e.id })}>
                            Delete
                          </button>
                        </>
                      ) : null}
                    </td>
                  </tr>
                  {open === e.id ? (
                    <tr>
                      <td colSpan={4}>
                        <WebhookDeliveries workspaceId={workspaceId} endpointId={e.id} canManage={canManage} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      {canManage ? (
        <form
          className="stack"
          onSubmit={(ev) => {
            ev.preventDefault();
            create.mutate({ workspaceId, endpoint: { url, event_types: types, enabled: true } });
          }}
        >
          <label className="field">
            <span>Endpoint URL (https)</span>
            <input type="url" required value={url} onChange={(ev) => setUrl(ev.target.value)} placeholder="https://hooks.example.com/switchboard" />
          </label>
          <fieldset className="field">
            <legend>Events (none checked = all)</legend>
            {eventTypes.map((type) => (
              <label key={type} className="small">
                <input
                  type="checkbox"
                  checked={types.includes(type)}
                  onChange={(ev) => setTypes(ev.target.checked ? [...types, type] : types.filter((t) => t !== type))}
                />{' '}
                {type}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button" disabled={create.isPending}>
            Add endpoint
          </button>
        </form>
      ) : null}
    </div>
  );
}
