'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';

const DAY_MS = 24 * 60 * 60 * 1000;
type ActorType = 'user' | 'api_key' | 'system';

/** The audit log: who did what, filtered by action, actor and time range, a page at a time. */
export function AuditLog({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [action, setAction] = useState('');
  const [actorType, setActorType] = useState<ActorType | ''>('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const range = {
    ...(from ? { from: new Date(`${from}T00:00:00.000Z`) } : {}),
    ...(to ? { to: new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS) } : {}),
  };
  const reset = () => setCursors([]);
  const actions = useQuery(trpc.audit.actions.queryOptions({ workspaceId, ...range }));
  const page = useQuery(
    trpc.audit.list.queryOptions({
      workspaceId,
      ...range,
      ...(action ? { action } : {}),
      ...(actorType ? { actorType } : {}),
      ...(actorId.trim() ? { actorId: actorId.trim() } : {}),
      ...(cursor ? { cursor } : {}),
      limit: 50,
    }),
  );

  return (
    <div className="stack">
      <div className="filters">
        <label className="field small">
          Action
          <select value={action} onChange={(e) => { setAction(e.target.value); reset(); }} data-testid="audit-action">
            <option value="">Every action</option>
            {(actions.data ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          Actor
          <select value={actorType} onChange={(e) => { setActorType(e.target.value as ActorType | ''); reset(); }} data-testid="audit-actor-type">
            <option value="">Anyone</option>
            <option value="user">People</option>
            <option value="api_key">API keys</option>
            <option value="system">System</option>
          </select>
        </label>
        <label className="field small">
          Actor id
          <input value={actorId} onChange={(e) => { setActorId(e.target.value); reset(); }} placeholder="user or key id" />
        </label>
        <label className="field small">
          From <input type="date" value={from} onChange={(e) => { setFrom(e.target.value); reset(); }} />
        </label>
        <label className="field small">
          To <input type="date" value={to} onChange={(e) => { setTo(e.target.value); reset(); }} />
        </label>
      </div>
      {page.isPending ? (
        <div className="skeleton-list" aria-busy="true" data-testid="audit-log-loading">
          <div className="skeleton skeleton-row" />
          <div className="skeleton skeleton-row" />
        </div>
      ) : page.isError ? (
        <p className="alert" role="alert" data-testid="audit-log-error">
          Could not load the audit log: {page.error.message}{' '}
          <button type="button" className="button small" onClick={() => void page.refetch()}>
            Retry
          </button>
        </p>
      ) : page.data.entries.length === 0 ? (
        <p className="muted empty" data-testid="audit-log-empty">Nothing recorded matches.</p>
      ) : (
        <table className="table" data-testid="audit-log">
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {page.data.entries.map((e) => (
              <tr key={e.id}>
                <td className="small">{e.at.toLocaleString()}</td>
                <td className="small">
                  {e.actor.name ?? e.actor.id ? (
                    <>
                      {e.actor.name ?? e.actor.id} <span className="muted">({e.actor.type.replace('_', ' ')})</span>
                    </>
                  ) : (
                    e.actor.type
                  )}
                </td>
                <td className="mono small">{e.action}</td>
                <td className="small">{e.target ? `${e.target.type} ${e.target.id ?? ''}` : '—'}</td>
                <td className="mono small audit-details">{e.details === null ? '' : JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row-meta">
        <button type="button" className="button small" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button
          type="button"
          className="button small"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
          data-testid="audit-older"
        >
          Older
        </button>
        {page.data?.range.clamped ? <span className="muted small">The range was cut to 366 days.</span> : null}
      </div>
    </div>
  );
}
