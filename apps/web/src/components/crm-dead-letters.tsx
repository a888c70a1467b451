'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

/** What could not be synced to Chatwoot and why (the worker's dead letters), with loading, error and empty states. */
export function CrmDeadLetters({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const deadLetters = useQuery(trpc.crm.deadLetters.queryOptions({ workspaceId, includeResolved: false }));
  return (
    <div className="stack">
      <div className="page-head">
        <h2>Not synced</h2>
        <button type="button" className="button small" data-testid="crm-dead-letters-refresh" disabled={deadLetters.isFetching} onClick={() => void deadLetters.refetch()}>
          {deadLetters.isFetching ? 'Loading…' : 'Refresh'}
        </button>
      </div>
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
