'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

export function ChannelList({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.channel.list.queryOptions({ workspaceId }));
  return (
    <QueryState query={query} testId="channel-list" empty="No channels yet. Create a sandbox number in one click, or connect a WhatsApp number.">
      {(channels) => (
        <table className="table" data-testid="channel-list">
          <thead>
            <tr>
              <th>Number</th>
              <th>Kind</th>
              <th>Status</th>
              <th className="num">Throughput</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>
                  <span className="mono">{c.displayPhoneNumber}</span>
                  <span className="muted small block">ID {c.phoneNumberId}</span>
                </td>
                <td>
                  <span className={`badge badge-${c.kind}`}>{c.kind}</span>
                </td>
                <td>
                  <span className={`status status-${c.status}`}>{c.status}</span>
                </td>
                <td className="num">{c.throughputMps} msg/s</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}
