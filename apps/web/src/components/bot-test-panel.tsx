'use client';

import type { AgentMemory } from '@switchboard/ai-agent';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { BotTestEvent, BotTestInput } from '../server/trpc/routers/bot-test/bot-test.schema';
import { useTRPC } from '../trpc/react';

type Line = { from: 'user'; text: string } | { from: 'bot'; event: BotTestEvent };

/** What the panel tests: a bot's agent (`settings`: the form's unsaved settings). The flow builder has its own live panel (flow-test-panel.tsx). */
export type BotTestTarget = { kind: 'agent'; workspaceId: string; botId: string; settings?: () => Record<string, unknown> | null };

/**
 * Chats with an agent through the real agent loop on the server, in a scratch
 * conversation that lives only in this panel: nothing is stored and nothing is
 * sent to WhatsApp. Shows replies (buttons and lists can be tapped), tool calls
 * with arguments and results, and the agent's variables.
 */
export function BotTestPanel({ target }: { target: BotTestTarget }) {
  const trpc = useTRPC();
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [memory, setMemory] = useState<AgentMemory | null>(null);
  const [handedOff, setHandedOff] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const agentTurn = useMutation(trpc.botTest.agentTurn.mutationOptions());
  const busy = agentTurn.isPending;

  const reset = () => {
    setLines([]);
    setMemory(null);
    setHandedOff(false);
    setError(null);
  };

  async function send(input: BotTestInput, shown: string) {
    setError(null);
    setLines((current) => [...current, { from: 'user', text: shown }]);
    try {
      const settings = target.settings?.();
      if (settings === null) {
        setError('Fix the form first: the panel tests the settings as they are in the form.');
        return;
      }
      const message = input.type === 'text' ? input.body : input.title;
      const result = await agentTurn.mutateAsync({ workspaceId: target.workspaceId, botId: target.botId, memory, message, ...(settings ? { settings } : {}) });
      setMemory(result.memory);
      setHandedOff(result.outcome === 'handoff');
      setLines((current) => [...current, ...result.events.map((event): Line => ({ from: 'bot', event }))]);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const variables = memory?.variables;
  return (
    <div className="test-panel stack" data-testid="test-panel">
      <p className="muted small">
        A scratch conversation: it runs the real agent (HTTP calls included) but stores nothing and sends nothing to WhatsApp.
      </p>
      <div className="row">
        <button type="button" className="button small" onClick={reset} data-testid="test-panel-reset" disabled={busy}>
          Reset
        </button>
      </div>
      <ul className="bubbles test-panel-lines" data-testid="test-panel-lines" aria-live="polite">
        {lines.length === 0 ? <li className="muted small">Say something to start.</li> : null}
        {lines.map((line, i) =>
          line.from === 'user' ? (
            <li key={i} className="bubble outbound" data-testid="test-panel-user">
              {line.text}
            </li>
          ) : (
            <TestEventLine key={i} event={line.event} disabled={busy || handedOff} onTap={(input, shown) => void send(input, shown)} />
          ),
        )}
        {busy ? <li className="muted small" aria-busy="true">…</li> : null}
      </ul>
      {error ? (
        <p className="alert small" role="alert" data-testid="test-panel-error">
          {error}
        </p>
      ) : null}
      {handedOff ? <p className="muted small">Handed to a human: the bot no longer answers. Reset to start over.</p> : null}
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          const body = text.trim();
          if (!body) return;
          setText('');
          void send({ type: 'text', body }, body);
        }}
      >
        <input
          aria-label="Message"
          placeholder="Type a message…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          disabled={busy || handedOff}
          data-testid="test-panel-input"
        />
        <button type="submit" className="button small" disabled={busy || handedOff || text.trim() === ''} data-testid="test-panel-send">
          Send
        </button>
      </form>
      {variables && Object.keys(variables).length > 0 ? (
        <details open data-testid="test-panel-variables">
          <summary className="small">Variables</summary>
          <pre className="mono small">{JSON.stringify(variables, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

/** A business message's status as WhatsApp shows it. */
const TICKS: Record<string, string> = { sent: ' ✓', delivered: ' ✓✓', read: ' ✓✓ read', failed: ' ✗ failed', expired: ' ✗ expired' };

interface Interactive {
  type: string;
  body?: { text?: string };
  action?: { buttons?: { reply: { id: string; title: string } }[]; button?: string; sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };
}

/** One bot line: a rendered reply (tappable buttons and list rows), a tool call, or a note. */
function TestEventLine({ event, disabled, onTap }: { event: BotTestEvent; disabled: boolean; onTap: (input: BotTestInput, shown: string) => void }) {
  if (event.kind === 'note') {
    return (
      <li className="muted small test-panel-note" data-testid="test-panel-note">
        {event.text}
      </li>
    );
  }
  if (event.kind === 'tool') {
    return (
      <li className={`test-panel-tool${event.ok ? '' : ' bubble-error'}`} data-testid="test-panel-tool">
        <details>
          <summary>
            Tool <strong>{event.name}</strong> {event.ok ? '✓' : '✗'}
          </summary>
          <div className="small mono">arguments: {JSON.stringify(event.arguments)}</div>
          <div className="small mono">result: {event.result}</div>
        </details>
      </li>
    );
  }
  return <ReplyBubble message={event.message} disabled={disabled} onTap={onTap} />;
}

/** A bot message as WhatsApp renders it: text, buttons and list rows (tappable), media as a label. */
export function ReplyBubble({ message: raw, disabled, onTap, status }: { message: { type: string }; disabled: boolean; onTap: (input: BotTestInput, shown: string) => void; status?: string }) {
  const message = raw as Record<string, unknown> & { type: string };
  const tick = status ? <span className="muted small test-panel-status" title={status}>{TICKS[status] ?? ''}</span> : null;
  if (message.type === 'text') {
    return (
      <li className="bubble inbound" data-testid="test-panel-reply" data-status={status}>
        {(message.text as { body: string }).body}
        {tick}
      </li>
    );
  }
  if (message.type === 'interactive') {
    const interactive = message.interactive as Interactive;
    return (
      <li className="bubble inbound" data-testid="test-panel-reply" data-status={status}>
        <span>{interactive.body?.text}</span>
        {interactive.type === 'button' ? (
          <span className="row">
            {(interactive.action?.buttons ?? []).map(({ reply }) => (
              <button key={reply.id} type="button" className="button small" disabled={disabled} onClick={() => onTap({ type: 'button_reply', id: reply.id, title: reply.title }, reply.title)} data-testid="test-panel-button">
                {reply.title}
              </button>
            ))}
          </span>
        ) : interactive.type === 'list' ? (
          <span className="stack">
            <span className="muted small">{interactive.action?.button}</span>
            {(interactive.action?.sections ?? []).flatMap((section) =>
              section.rows.map((row) => (
                <button
                  key={row.id}
                  type="button"
                  className="button small"
                  disabled={disabled}
                  onClick={() => onTap({ type: 'list_reply', id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) }, row.title)}
                  data-testid="test-panel-list-row"
                >
                  {row.title}
                  {row.description ? <span className="muted small"> — {row.description}</span> : null}
                </button>
              )),
            )}
          </span>
        ) : (
          <span className="muted small">[{interactive.type} message]</span>
        )}
        {tick}
      </li>
    );
  }
  const media = message[message.type] as { caption?: string; link?: string; name?: string } | undefined;
  return (
    <li className="bubble inbound" data-testid="test-panel-reply" data-status={status}>
      <span className="muted small">[{message.type}]</span> {media?.caption ?? media?.link ?? media?.name ?? ''}
      {tick}
    </li>
  );
}
