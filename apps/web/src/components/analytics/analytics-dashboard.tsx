'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';
import { BarChart } from './bar-chart';
import { FlowFunnel } from './flow-funnel';
import { formatDuration, formatRate, formatUsd } from './format';

const DAY_MS = 24 * 60 * 60 * 1000;
const STATUS_COLORS = { read: '#34b7f1', delivered: '#12b76a', sent: '#98a2b3', failed: '#d92d20', expired: '#7a271a', queued: '#f79009' } as const;

// Date inputs are whole UTC days; the end day is included.
function periodOf(from: string, to: string): { from?: Date; to?: Date } {
  return {
    ...(from ? { from: new Date(`${from}T00:00:00.000Z`) } : {}),
    ...(to ? { to: new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS) } : {}),
  };
}

/** The analytics page: period and channel filters, message figures, AI usage and the per-node funnel. */
export function AnalyticsDashboard({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [channelId, setChannelId] = useState('');
  const filter = { workspaceId, ...periodOf(from, to), ...(channelId ? { channelId } : {}) };
  const channels = useQuery(trpc.channel.list.queryOptions({ workspaceId }));
  const messages = useQuery(trpc.analytics.messages.queryOptions(filter));
  const usage = useQuery(trpc.analytics.aiUsage.queryOptions(filter));

  return (
    <div className="stack-lg">
      <div className="filters card">
        <label className="field small">
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="analytics-from" />
        </label>
        <label className="field small">
          To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="analytics-to" />
        </label>
        <label className="field small">
          Channel
          <select value={channelId} onChange={(e) => setChannelId(e.target.value)} data-testid="analytics-channel">
            <option value="">Every channel</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayPhoneNumber} ({c.kind})
              </option>
            ))}
          </select>
        </label>
        {messages.data ? (
          <p className="muted small" data-testid="analytics-period">
            {messages.data.period.from.toISOString().slice(0, 10)} to {new Date(messages.data.period.to.getTime() - 1).toISOString().slice(0, 10)} (UTC days)
            {messages.data.period.clamped ? ' · cut to the last 90 days' : ''}
          </p>
        ) : null}
      </div>

      <section className="card stack">
        <h2>Messages</h2>
        {messages.isPending ? (
          <div className="skeleton skeleton-block" aria-busy="true" data-testid="analytics-loading" />
        ) : messages.isError ? (
          <p className="alert" role="alert" data-testid="analytics-error">
            Could not load analytics: {messages.error.message}{' '}
            <button type="button" className="button small" onClick={() => void messages.refetch()}>
              Retry
            </button>
          </p>
        ) : messages.data.totals.inbound + messages.data.totals.outbound === 0 ? (
          <p className="muted empty" data-testid="analytics-empty">No messages in this period.</p>
        ) : (
          <>
            <div className="kpis">
              <Kpi label="Inbound" value={String(messages.data.totals.inbound)} testId="kpi-inbound" />
              <Kpi label="Outbound" value={String(messages.data.totals.outbound)} testId="kpi-outbound" />
              <Kpi label="Delivery rate" value={formatRate(messages.data.deliveryRate)} hint={`${messages.data.totals.delivered} of ${messages.data.totals.settled} handed to Meta`} testId="kpi-delivery-rate" />
              <Kpi label="Read rate" value={formatRate(messages.data.readRate)} hint={`${messages.data.totals.read} of ${messages.data.totals.delivered} delivered`} testId="kpi-read-rate" />
              <Kpi label="Median time to reply" value={formatDuration(messages.data.replyTime.medianMs)} hint={`over ${messages.data.replyTime.replies} replies`} testId="kpi-reply-time" />
            </div>
            <h3>Outbound by status</h3>
            <BarChart
              testId="chart-outbound"
              days={messages.data.days.map((d) => d.day)}
              series={(Object.keys(STATUS_COLORS) as (keyof typeof STATUS_COLORS)[]).map((status) => ({
                key: status,
                label: status,
                color: STATUS_COLORS[status],
                values: messages.data.days.map((d) => (status === 'queued' ? d.outbound.queued + d.outbound.accepted + d.outbound.sending : d.outbound[status])),
              }))}
            />
            <h3>Inbound</h3>
            <BarChart testId="chart-inbound" days={messages.data.days.map((d) => d.day)} series={[{ key: 'inbound', label: 'received', color: '#075e54', values: messages.data.days.map((d) => d.inbound) }]} />
          </>
        )}
      </section>

      <section className="card stack">
        <h2>AI usage</h2>
        {usage.isPending ? (
          <div className="skeleton skeleton-block" aria-busy="true" />
        ) : usage.isError ? (
          <p className="alert" role="alert">
            Could not load AI usage: {usage.error.message}
          </p>
        ) : usage.data.totals.inputTokens + usage.data.totals.outputTokens === 0 ? (
          <p className="muted empty" data-testid="ai-usage-empty">No model calls in this period.</p>
        ) : (
          <>
            <div className="kpis">
              <Kpi label="Tokens in" value={usage.data.totals.inputTokens.toLocaleString('en-US')} testId="kpi-tokens-in" />
              <Kpi label="Tokens out" value={usage.data.totals.outputTokens.toLocaleString('en-US')} testId="kpi-tokens-out" />
              <Kpi label="Cost" value={formatUsd(usage.data.totals.costUsd)} testId="kpi-cost" />
            </div>
            {usage.data.totals.unpricedTokens > 0 ? (
              <p className="muted small" data-testid="ai-unpriced">
                {usage.data.totals.unpricedTokens.toLocaleString('en-US')} tokens come from bots without a price, so they are counted but not in the cost. Set{' '}
                <code>pricing</code> (US dollars per million tokens) in the bot&apos;s agent settings to price them.
              </p>
            ) : null}
            <BarChart
              testId="chart-tokens"
              days={usage.data.days.map((d) => d.day)}
              series={[
                { key: 'in', label: 'tokens in', color: '#2e90fa', values: usage.data.days.map((d) => d.inputTokens) },
                { key: 'out', label: 'tokens out', color: '#9e77ed', values: usage.data.days.map((d) => d.outputTokens) },
              ]}
              format={(v) => v.toLocaleString('en-US')}
            />
          </>
        )}
      </section>

      <section className="card stack">
        <h2>Flow funnel</h2>
        <FlowFunnel workspaceId={workspaceId} filter={filter} />
      </section>
    </div>
  );
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="kpi" data-testid={testId}>
      <span className="muted small">{label}</span>
      <span className="kpi-value">{value}</span>
      {hint ? <span className="muted small">{hint}</span> : null}
    </div>
  );
}
