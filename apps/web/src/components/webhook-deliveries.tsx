'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';

/** The delivery log of one endpoint: every delivery with its attempts, and replay per event. */
export function WebhookDeliveries({ workspaceId, endpointId, canManage }: { workspaceId: string; endpointId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.webhook.deliveries.queryOptions({ workspaceId, id: endpointId, query: { limit: 50 } }));
  const replay = useMutation(
    trpc.webhook.replayEvent.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey() }) }),
  );
  if (query.isPending) return <p className="muted small">Loading deliveries…</p>;
  if (query.isError) return <p className="alert small">Could not load deliveries: {query.error.message}</p>;
  if (query.data.data.length === 0) return <p className="muted small">No deliveries yet.</p>;
  return (
    <table className="table" data-testid="webhook-deliveries">
      <thead>
        <tr>
          <th>Event</th>
          <th>Status</th>
          <th className="num">Attempts</th>
          <th>Attempt log</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {query.data.data.map((d) => (
          <tr key={d.id}>
            <td>
              <span className="mono">{d.event_type}</span>
              <span className="muted small block">{d.event_id}</span>
            </td>
            <td>
              <span className={`status status-${d.status === 'succeeded' ? 'active' : d.status === 'failed' ? 'disabled' : 'pending'}`}>{d.status}</span>
              {d.last_error ? <span className="muted small block">{d.last_error}</span> : null}
            </td>
            <td className="num">{d.attempts}</td>
            <td className="small">
              {d.attempt_log.map((a) => (
                <span className="block" key={a.attempted_at}>
                  {new Date(a.attempted_at).toLocaleString()} · {a.status_code ?? '—'} · {a.latency_ms ?? '—'} ms{a.error ? ` · ${a.error}` : ''}
                </span>
              ))}
            </td>
            <td>
              {canManage ? (
                <button type="button" className="button small" disabled={replay.isPending} onClick={() => replay.mutate({ workspaceId, eventId: d.event_id })}>
                  Replay
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
      {replay.isError ? (
        <caption className="alert small" role="alert">
          {replay.error.message}
        </caption>
      ) : null}
    </table>
  );
}
