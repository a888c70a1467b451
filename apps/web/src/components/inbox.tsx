'use client';

import type { MessageView } from '@switchboard/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';
import { InboxComposer } from './inbox-composer';
import { messagePreview } from './message-preview';

type OwnerFilter = 'all' | 'bot' | 'human';

const ticks: Partial<Record<MessageView['status'], { mark: string; label: string }>> = {
  accepted: { mark: '🕓', label: 'queued' },
  queued: { mark: '🕓', label: 'queued' },
  sending: { mark: '🕓', label: 'sending' },
  sent: { mark: '✓', label: 'sent' },
  delivered: { mark: '✓✓', label: 'delivered' },
  read: { mark: '✓✓', label: 'read' },
  failed: { mark: '⚠', label: 'failed' },
  expired: { mark: '⚠', label: 'expired' },
};

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The conversations inbox: a filterable list, the selected transcript with status ticks and errors, take over / hand back, and the reply composer. */
export function Inbox({ workspaceId, canAnswer }: { workspaceId: string; canAnswer: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [owner, setOwner] = useState<OwnerFilter>('all');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.conversation.list.queryOptions({ workspaceId, query: { ...(owner === 'all' ? {} : { owner }), ...(search.trim() ? { search: search.trim() } : {}) } }),
    refetchInterval: 3000,
  });
  const transcript = useQuery({
    ...trpc.conversation.transcript.queryOptions({ workspaceId, id: selected ?? '00000000-0000-7000-8000-000000000000' }),
    enabled: selected !== null,
    refetchInterval: 2000,
  });
  const change = useMutation(
    trpc.conversation.setOwner.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.transcript.queryKey() });
      },
    }),
  );

  return (
    <div className="inbox" data-testid="inbox">
      <aside className="inbox-list">
        <div className="inbox-filters">
          <input type="search" placeholder="Number or name" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search conversations" />
          <select value={owner} onChange={(e) => setOwner(e.target.value as OwnerFilter)} aria-label="Owner">
            <option value="all">Everyone</option>
            <option value="bot">Bot</option>
            <option value="human">Human</option>
          </select>
        </div>
        {list.isPending ? (
          <div className="skeleton-list" aria-busy="true">
            <div className="skeleton skeleton-row" />
            <div className="skeleton skeleton-row" />
          </div>
        ) : list.isError ? (
          <p className="alert small" role="alert">
            Could not load conversations: {list.error.message}
          </p>
        ) : list.data.data.length === 0 ? (
          <p className="muted small" data-testid="inbox-empty">
            No conversations yet. Write to one of your numbers from the sandbox phone.
          </p>
        ) : (
          <ul className="rows" data-testid="inbox-conversations">
            {list.data.data.map((c) => (
              <li key={c.id}>
                <button type="button" className={`inbox-item${selected === c.id ? ' selected' : ''}`} onClick={() => setSelected(c.id)}>
                  <span>
                    <strong>{c.contact.name ?? c.contact.wa_id ?? 'Unknown'}</strong>
                    <span className="muted small block">+{c.contact.wa_id} · {time(c.last_message_at)}</span>
                  </span>
                  <span className={`badge owner-${c.owner}`}>{c.owner === 'human' ? 'human' : 'bot'}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <section className="inbox-transcript">
        {selected === null ? (
          <p className="muted">Pick a conversation.</p>
        ) : transcript.isPending ? (
          <p className="muted">Loading…</p>
        ) : transcript.isError ? (
          <p className="alert" role="alert">
            Could not load the conversation: {transcript.error.message}
          </p>
        ) : (
          <>
            <header className="inbox-head">
              <div>
                <h2>{transcript.data.conversation.contact.name ?? `+${transcript.data.conversation.contact.wa_id}`}</h2>
                <p className="muted small">
                  +{transcript.data.conversation.contact.wa_id} · window{' '}
                  {transcript.data.conversation.window_expires_at && new Date(transcript.data.conversation.window_expires_at) > new Date()
                    ? `open until ${time(transcript.data.conversation.window_expires_at)}`
                    : 'closed (templates only)'}
                </p>
              </div>
              <div className="inbox-owner">
                <span className={`badge owner-${transcript.data.conversation.owner}`} data-testid="conversation-owner">
                  {transcript.data.conversation.owner === 'human' ? 'A person answers' : 'The bot answers'}
                </span>
                {canAnswer ? (
                  transcript.data.conversation.owner === 'bot' ? (
                    <button type="button" className="button small" disabled={change.isPending} onClick={() => change.mutate({ workspaceId, id: selected, owner: 'human', change: { reason: 'taken over in the inbox' } })}>
                      Take over
                    </button>
                  ) : (
                    <button type="button" className="button small" disabled={change.isPending} onClick={() => change.mutate({ workspaceId, id: selected, owner: 'bot', change: { reason: 'handed back in the inbox' } })}>
                      Hand back to the bot
                    </button>
                  )
                ) : null}
              </div>
            </header>
            {change.isError ? (
              <p className="alert small" role="alert">
                {change.error.message}
              </p>
            ) : null}
            {transcript.data.has_older ? <p className="muted small">Older messages are in the message log.</p> : null}
            <ol className="bubbles" data-testid="transcript">
              {transcript.data.messages.map((m) => (
                <li key={m.id} className={`bubble ${m.direction}`} data-status={m.status}>
                  <span className="bubble-text">{messagePreview(m.type, m.content)}</span>
                  <span className="bubble-meta small">
                    {m.direction === 'outbound' ? `${m.source} · ` : ''}
                    {new Date(m.created_at).toLocaleTimeString()}
                    {m.direction === 'outbound' && ticks[m.status] ? (
                      <span className={`tick tick-${m.status}`} title={ticks[m.status]!.label} aria-label={ticks[m.status]!.label}>
                        {' '}
                        {ticks[m.status]!.mark}
                      </span>
                    ) : null}
                  </span>
                  {m.error ? (
                    <span className="bubble-error small" role="note">
                      {m.error.code ?? ''} {m.error.title}
                      {m.error.meaning ? ` — ${m.error.meaning}` : ''}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
            <InboxComposer
              key={selected}
              workspaceId={workspaceId}
              conversationId={selected}
              windowOpen={transcript.data.conversation.window_expires_at !== null && new Date(transcript.data.conversation.window_expires_at) > new Date()}
              canAnswer={canAnswer}
            />
          </>
        )}
      </section>
    </div>
  );
}
