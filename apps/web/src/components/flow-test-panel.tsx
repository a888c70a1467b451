'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BotTestInput, FlowTestRun, FlowTestRunMessage } from '../server/trpc/routers/bot-test/bot-test.schema';
import { useTRPC } from '../trpc/react';
import { ReplyBubble } from './bot-test-panel';

/** How often the panel reads the conversation back while it is open. */
const POLL_MS = 1000;

/**
 * The flow builder's test panel: chats with the current draft through the real pipeline. Each
 * message is posted to the sandbox as the user's test contact (saved edits first, and the contact is
 * bound to a snapshot of the draft), then travels sandbox → webhook → api → worker → outbound →
 * sandbox; the panel polls the stored conversation and the flow session's node and variables.
 */
export function FlowTestPanel({ workspaceId, slug, flowId, flush }: { workspaceId: string; slug: string; flowId: string; flush: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const run = useQuery({ ...trpc.botTest.flowRun.queryOptions({ workspaceId, flowId }), refetchInterval: POLL_MS });
  const send = useMutation(trpc.botTest.flowRunSend.mutationOptions());
  const reset = useMutation(trpc.botTest.flowRunReset.mutationOptions());
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const busy = send.isPending || reset.isPending;

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await flush();
      await action();
      await run.refetch();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }
  const say = (content: BotTestInput) => act(() => send.mutateAsync({ workspaceId, flowId, content }));

  return (
    <div className="test-panel stack" data-testid="test-panel">
      <RunState run={run}>
        {(data) =>
          data.channel === null ? (
            <p className="muted small" data-testid="test-panel-no-sandbox">
              The test panel chats through a sandbox channel, as a WhatsApp user would, and this workspace has none yet.{' '}
              <a className="button small" href={`/w/${encodeURIComponent(slug)}/channels`}>
                Create a sandbox channel
              </a>
            </p>
          ) : (
            <>
              <p className="muted small">
                You chat as the test contact <span className="mono">+{data.waId}</span> with the sandbox number {data.channel.displayPhoneNumber}
                {data.channel.botName ? ` (bot ${data.channel.botName})` : ''}: your messages take the real way through the api, the worker and the outbound
                pipeline, and this contact runs a snapshot of your draft{data.snapshot ? ` (test snapshot ${data.snapshot.version})` : ''} instead of the published version.
              </p>
              <div className="row">
                <button type="button" className="button small" disabled={busy} onClick={() => void act(() => reset.mutateAsync({ workspaceId, flowId }))} data-testid="test-panel-reset">
                  Reset
                </button>
                <SessionLine session={data.session} owner={data.owner} />
              </div>
              <Transcript messages={data.messages} disabled={busy || data.owner === 'human'} onTap={(input) => void say(input)} />
              <Variables session={data.session} />
            </>
          )
        }
      </RunState>
      {error ? (
        <p className="alert small" role="alert" data-testid="test-panel-error">
          {error}
        </p>
      ) : null}
      {run.data?.channel ? (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            const body = text.trim();
            if (!body) return;
            setText('');
            void say({ type: 'text', body });
          }}
        >
          <input aria-label="Message" placeholder="Type a message…" value={text} onChange={(e) => setText(e.target.value)} disabled={busy} data-testid="test-panel-input" />
          <button type="submit" className="button small" disabled={busy || text.trim() === ''} data-testid="test-panel-send">
            Send
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** Loading and error states of the polled run (a failed poll keeps the last transcript on screen). */
function RunState({ run, children }: { run: { isPending: boolean; error: { message: string } | null; data: FlowTestRun | undefined; refetch: () => unknown }; children: (data: FlowTestRun) => ReactNode }) {
  if (run.isPending) return <div className="skeleton skeleton-row" aria-busy="true" data-testid="test-panel-loading" />;
  if (!run.data) {
    return (
      <div className="alert" role="alert" data-testid="test-panel-load-error">
        Could not load the test conversation: {run.error?.message ?? 'unknown error'}{' '}
        <button type="button" className="button small" onClick={() => void run.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  return <>{children(run.data)}</>;
}

function SessionLine({ session, owner }: { session: FlowTestRun['session']; owner: FlowTestRun['owner'] }) {
  if (owner === 'human') return <span className="muted small" data-testid="test-panel-session">Handed to a human: the bot no longer answers. Reset to start over.</span>;
  if (!session) return <span className="muted small" data-testid="test-panel-session">No session yet: say something to start.</span>;
  const where = session.kind === 'test' ? `test snapshot ${session.version}` : `published version ${session.version}`;
  const state =
    session.status === 'ended'
      ? `ended${session.endReason ? ` (${session.endReason})` : ''}`
      : `${session.status}${session.waitingFor ? ` for ${session.waitingFor}` : ''} at ${session.currentNodeId ?? '—'}`;
  return (
    <span className="muted small" data-testid="test-panel-session">
      Session on {where}: {state}.{session.stale && session.status !== 'ended' ? ' The draft changed since: Reset to test it.' : ''}
    </span>
  );
}

function Transcript({ messages, disabled, onTap }: { messages: FlowTestRunMessage[]; disabled: boolean; onTap: (input: BotTestInput) => void }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // A block body on purpose: recent Chromium returns a promise here, which React would call as a cleanup.
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);
  return (
    <ul className="bubbles test-panel-lines" data-testid="test-panel-lines" aria-live="polite">
      {messages.length === 0 ? <li className="muted small">Say something to start.</li> : null}
      {messages.map((message) => {
        const shown = { type: message.type, ...(message.content ?? {}) };
        if (message.direction === 'inbound') {
          return (
            <li key={message.id} className="bubble outbound" data-testid="test-panel-user">
              {inboundText(shown)}
            </li>
          );
        }
        return <ReplyBubble key={message.id} message={shown} status={message.status} disabled={disabled} onTap={(input) => onTap(input)} />;
      })}
      <li ref={end} aria-hidden="true" />
    </ul>
  );
}

/** What the tester sent, as a line: the text, or the title of the tapped button or row. */
function inboundText(message: Record<string, unknown> & { type: string }): string {
  if (message.type === 'text') return (message.text as { body?: string } | undefined)?.body ?? '';
  if (message.type === 'interactive') {
    const interactive = message.interactive as { button_reply?: { title: string }; list_reply?: { title: string } } | undefined;
    return interactive?.button_reply?.title ?? interactive?.list_reply?.title ?? '[interactive]';
  }
  return `[${message.type}]`;
}

/** The session's variables; the ones the last poll saw change are marked. */
function Variables({ session }: { session: FlowTestRun['session'] }) {
  const previous = useRef<{ id: string; values: Record<string, string> } | null>(null);
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const variables = session?.variables ?? {};
  const serialized = JSON.stringify(variables);
  useEffect(() => {
    const values = Object.fromEntries(Object.entries(JSON.parse(serialized) as Record<string, unknown>).map(([k, v]) => [k, JSON.stringify(v)]));
    const before = previous.current && previous.current.id === session?.id ? previous.current.values : {};
    const moved = Object.keys(values).filter((key) => before[key] !== values[key]);
    if (moved.length > 0) setChanged(new Set(moved));
    previous.current = session ? { id: session.id, values } : null;
  }, [serialized, session?.id, session]);
  const entries = Object.entries(variables);
  if (entries.length === 0) return null;
  return (
    <details open data-testid="test-panel-variables">
      <summary className="small">Variables</summary>
      <table className="small">
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name} data-testid="test-panel-variable" data-name={name} className={changed.has(name) ? 'changed' : undefined}>
              <th className="mono">{name}</th>
              <td className="mono">{JSON.stringify(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
