'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';

/** The per-node funnel of a published flow version, with a version picker. */
export function FlowFunnel({ workspaceId, filter }: { workspaceId: string; filter: { from?: Date; to?: Date; channelId?: string } }) {
  const trpc = useTRPC();
  const [flowVersionId, setFlowVersionId] = useState('');
  const query = useQuery(trpc.analytics.funnel.queryOptions({ workspaceId, ...filter, ...(flowVersionId ? { flowVersionId } : {}) }));

  if (query.isPending) return <div className="skeleton skeleton-block" aria-busy="true" />;
  if (query.isError) {
    return (
      <p className="alert" role="alert">
        Could not load the funnel: {query.error.message}
      </p>
    );
  }
  const { versions, funnel } = query.data;
  if (!funnel) return <p className="muted empty" data-testid="funnel-empty">No flow is published yet: publish one to see how conversations move through it.</p>;
  const top = Math.max(1, ...funnel.nodes.map((n) => n.reached));
  return (
    <div className="stack">
      <label className="field small">
        Published version
        <select value={funnel.version.id} onChange={(e) => setFlowVersionId(e.target.value)} data-testid="funnel-version">
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.flowName} · v{v.version} ({v.publishedAt.toISOString().slice(0, 10)})
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        {funnel.sessions} session{funnel.sessions === 1 ? '' : 's'} started in the period. Delivered and read count the messages each node sent; dropped off counts
        sessions that stopped at the node without finishing.
      </p>
      <table className="table" data-testid="funnel">
        <thead>
          <tr>
            <th>Node</th>
            <th className="num">Reached</th>
            <th />
            <th className="num">Sent</th>
            <th className="num">Delivered</th>
            <th className="num">Read</th>
            <th className="num">Replied</th>
            <th className="num">Dropped off</th>
          </tr>
        </thead>
        <tbody>
          {funnel.nodes.map((n) => (
            <tr key={n.nodeId} data-testid={`funnel-node-${n.nodeId}`}>
              <td>
                {n.label} <span className="muted small mono">{n.nodeId}</span>
              </td>
              <td className="num">{n.reached}</td>
              <td style={{ width: '18%' }}>
                {n.reached > 0 ? <div className="funnel-bar" style={{ width: `${(n.reached / top) * 100}%` }} /> : null}
              </td>
              <td className="num">{n.sent}</td>
              <td className="num">{n.delivered}</td>
              <td className="num">{n.read}</td>
              <td className="num">{n.replied}</td>
              <td className="num">{n.droppedOff}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
