'use client';

import type { MessageView } from '@switchboard/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';
import { messagePreview } from './message-preview';

const STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'received'] as const;
type Status = (typeof STATUSES)[number];

const statusClass = (status: MessageView['status']) =>
  status === 'failed' || status === 'expired' ? 'disabled' : status === 'delivered' || status === 'read' || status === 'received' ? 'active' : 'pending';

/** The message log: filters, a page of messages, and the selected message's status timeline. */
export function MessageLog({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | ''>('');
  const [since, setSince] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const cursor = cursors[cursors.length - 1];
  const query = {
    ...(status ? { status } : {}),
    ...(since ? { since: new Date(since).toISOString() } : {}),
    ...(cursor ? { cursor } : {}),
    limit: 25,
  };
  const page = useQuery({ ...trpc.message.list.queryOptions({ workspaceId, query }), refetchInterval: cursor ? false : 5000 });
  const detail = useQuery({ ...trpc.message.get.queryOptions({ workspaceId, id: selected ?? '00000000-0000-7000-8000-000000000000' }), enabled: selected !== null });

  return (
    <div className="stack">
      <div className="inbox-filters">
        <select aria-label="Status" value={status} onChange={(e) => { setStatus(e.target.value as Status | ''); setCursors([]); }}>
          <option value="">Every status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label className="small">
          Since <input type="datetime-local" value={since} onChange={(e) => { setSince(e.target.value); setCursors([]); }} />
        </label>
      </div>
      {page.isPending ? (
        <div className="skeleton-list" aria-busy="true">
          <div className="skeleton skeleton-row" />
        </div>
      ) : page.isError ? (
        <p className="alert" role="alert">
          Could not load messages: {page.error.message}
        </p>
      ) : page.data.data.length === 0 ? (
        <p className="muted" data-testid="message-log-empty">No messages match.</p>
      ) : (
        <table className="table" data-testid="message-log">
          <thead>
            <tr>
              <th>Time</th>
              <th>Direction</th>
              <th>Message</th>
              <th>Status</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {page.data.data.map((m) => (
              <tr key={m.id} className={selected === m.id ? 'selected' : ''} onClick={() => setSelected(m.id)} style={{ cursor: 'pointer' }}>
                <td className="small">{new Date(m.created_at).toLocaleString()}</td>
                <td className="small">{m.direction === 'inbound' ? 'in' : `out · ${m.source}`}</td>
                <td>{messagePreview(m.type, m.content)}</td>
                <td>
                  <span className={`status status-${statusClass(m.status)}`}>{m.status}</span>
                </td>
                <td className="small">{m.error ? `${m.error.code ?? ''} ${m.error.title}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="inbox-filters">
        <button type="button" className="button small" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="button small" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>
          Older
        </button>
      </div>
      {selected && detail.data ? (
        <section className="card" data-testid="message-detail">
          <h2>Timeline</h2>
          <p className="small muted">
            id <span className="mono">{detail.data.id}</span> · trace <span className="mono">{detail.data.trace_id}</span>
            {detail.data.wamid ? (
              <>
                {' '}· wamid <span className="mono">{detail.data.wamid}</span>
              </>
            ) : null}{' '}
            · priority {detail.data.priority} · attempts {detail.data.attempts}
          </p>
          {detail.data.error ? (
            <p className="alert small" role="note">
              {detail.data.error.code ?? ''} {detail.data.error.title}
              {detail.data.error.meaning ? ` — ${detail.data.error.meaning}` : ''}
            </p>
          ) : null}
          <ol className="timeline" data-testid="message-timeline">
            {detail.data.events.map((e, i) => (
              <li key={`${e.status}-${e.at}-${i}`}>
                <span className={`status status-${statusClass(e.status)}`}>{e.status}</span> <span className="small">{new Date(e.at).toLocaleString()}</span>{' '}
                <span className="muted small">
                  by {e.source}
                  {e.attempt !== undefined ? ` · attempt ${e.attempt}` : ''}
                </span>
                {e.error ? (
                  <span className="small block bubble-error">
                    {e.error.code ?? ''} {e.error.title}
                    {e.error.meaning ? ` — ${e.error.meaning}` : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}
