'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/react';

const STARTER = { systemPrompt: 'You are the assistant of …', builtInTools: ['handoff_to_human'] };

/** Edits a bot's agent settings as JSON; the server validates them and answers with the fields at fault. */
export function AgentSettingsEditor({ workspaceId, botId, canEdit }: { workspaceId: string; botId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.ai.agent.get.queryOptions({ workspaceId, botId }));
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    if (query.data) setText(JSON.stringify(query.data.settings ?? STARTER, null, 2));
  }, [query.data]);
  const save = useMutation(
    trpc.ai.agent.save.mutationOptions({
      onSuccess: (saved) => {
        setText(JSON.stringify(saved, null, 2));
        void queryClient.invalidateQueries({ queryKey: trpc.ai.agent.get.queryKey() });
      },
    }),
  );

  if (query.isPending) return <p className="muted" aria-busy="true">Loading…</p>;
  if (query.isError) {
    return (
      <p className="alert" role="alert">
        Could not load: {query.error.message}
      </p>
    );
  }
  return (
    <form
      className="stack"
      data-testid="agent-settings-editor"
      onSubmit={(event) => {
        event.preventDefault();
        setParseError(null);
        let settings: unknown;
        try {
          settings = JSON.parse(text);
        } catch (error) {
          setParseError(`Not valid JSON: ${(error as Error).message}`);
          return;
        }
        if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
          setParseError('The settings must be a JSON object.');
          return;
        }
        save.mutate({ workspaceId, botId, settings: settings as Record<string, unknown> });
      }}
    >
      <p className="muted small">
        Mode: <span className="badge">{query.data.mode}</span>
      </p>
      {query.data.problems.length > 0 ? (
        <div className="alert small" role="alert" data-testid="agent-settings-problems">
          The stored settings no longer validate: {query.data.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}
        </div>
      ) : null}
      <label className="field">
        <span>Agent settings (JSON)</span>
        <textarea name="settings" className="mono" rows={18} value={text} onChange={(e) => setText(e.target.value)} readOnly={!canEdit} />
      </label>
      {canEdit ? (
        <div className="row">
          <button type="submit" className="button" disabled={save.isPending}>
            Save
          </button>
        </div>
      ) : null}
      {save.isSuccess ? (
        <p className="muted small" data-testid="agent-settings-saved">
          Saved.
        </p>
      ) : null}
      {parseError ?? save.error ? (
        <p className="alert small" role="alert" data-testid="agent-settings-error">
          {parseError ?? save.error?.message}
        </p>
      ) : null}
    </form>
  );
}
