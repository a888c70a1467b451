'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

/** The workspace's bots; with `slug`, each links to its agent settings. */
export function BotList({ workspaceId, slug }: { workspaceId: string; slug?: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.bot.list.queryOptions({ workspaceId }));
  return (
    <QueryState query={query} testId="bot-list" empty="No bots yet. Create one on the Bots page (or POST /api/v1/bots).">
      {(bots) => (
        <ul className="rows" data-testid="bot-list">
          {bots.map((b) => (
            <li key={b.id}>
              {slug ? (
                <a href={`/w/${encodeURIComponent(slug)}/bots/${b.id}/agent`} data-testid="bot-agent-link">
                  {b.name}
                </a>
              ) : (
                <span>{b.name}</span>
              )}
              <span className="row-meta">
                <span className="badge">{b.mode}</span>
                {b.status === 'live' ? null : <span className="badge badge-off">{b.status.replaceAll('_', ' ')}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}
