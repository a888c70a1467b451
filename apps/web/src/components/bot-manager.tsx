'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { botFieldsSchema, type BotFields } from '../server/trpc/routers/bot/bot-fields.schema';
import type { BotSummary } from '../server/trpc/routers/bot/list.schema';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

const statusText: Record<BotSummary['status'], string> = {
  live: 'live',
  disabled: 'disabled',
  no_channel: 'no channel',
  no_flow: 'no flow',
  unpublished: 'flow not published',
  no_agent_settings: 'agent not configured',
};

const blank: BotFields = { name: '', mode: 'flow', channelId: null, activeFlowId: null, enabled: true };

/** Create or edit a bot's fields, validated with the server's schema; problems shown under each field. */
function BotForm({
  workspaceId,
  initial,
  submitLabel,
  onSubmit,
  pending,
  serverErrors,
}: {
  workspaceId: string;
  initial: BotFields;
  submitLabel: string;
  onSubmit: (fields: BotFields) => void;
  pending: boolean;
  serverErrors: Record<string, string>;
}) {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channel.list.queryOptions({ workspaceId }));
  const flows = useQuery(trpc.flow.list.queryOptions({ workspaceId }));
  const [fields, setFields] = useState<BotFields>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const shown = { ...serverErrors, ...errors };
  const set = (patch: Partial<BotFields>) => setFields({ ...fields, ...patch });
  return (
    <form
      className="stack"
      data-testid="bot-form"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = botFieldsSchema.safeParse(fields);
        if (!parsed.success) {
          setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
          return;
        }
        setErrors({});
        onSubmit(parsed.data);
      }}
    >
      <label className="field">
        <span>Name</span>
        <input name="name" value={fields.name} onChange={(e) => set({ name: e.target.value })} />
        {shown.name ? <span className="fb-field-error small">{shown.name}</span> : null}
      </label>
      <label className="field">
        <span>Mode</span>
        <select name="mode" value={fields.mode} onChange={(e) => set({ mode: e.target.value as BotFields['mode'] })}>
          <option value="flow">flow — runs a published flow</option>
          <option value="agent">agent — the AI agent answers</option>
        </select>
      </label>
      <label className="field">
        <span>Channel</span>
        <select name="channelId" value={fields.channelId ?? ''} onChange={(e) => set({ channelId: e.target.value || null })}>
          <option value="">— not attached —</option>
          {(channels.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayPhoneNumber} ({c.kind})
            </option>
          ))}
        </select>
        {channels.isError ? <span className="fb-field-error small">Could not load channels: {channels.error.message}</span> : null}
        {shown.channelId ? <span className="fb-field-error small">{shown.channelId}</span> : null}
      </label>
      {fields.mode === 'flow' ? (
        <label className="field">
          <span>Flow</span>
          <select name="activeFlowId" value={fields.activeFlowId ?? ''} onChange={(e) => set({ activeFlowId: e.target.value || null })}>
            <option value="">— none —</option>
            {(flows.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
                {f.latestVersion === null ? ' (not published)' : ` (v${f.latestVersion})`}
              </option>
            ))}
          </select>
          {shown.activeFlowId ? <span className="fb-field-error small">{shown.activeFlowId}</span> : null}
        </label>
      ) : null}
      <label className="fb-check">
        <input type="checkbox" name="enabled" checked={fields.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled (answers its channel)
      </label>
      <div>
        <button type="submit" className="button" disabled={pending} data-testid="bot-form-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

const fieldErrorsOf = (error: unknown): Record<string, string> => {
  const fields = (error as { data?: { fieldErrors?: { field: string; message: string }[] | null } } | null)?.data?.fieldErrors ?? [];
  return Object.fromEntries(fields.map((f) => [f.field, f.message]));
};

/** The bots page: every bot with its mode, channel, flow version and status; editors create, attach, switch and disable. */
export function BotManager({ workspaceId, slug, canEdit }: { workspaceId: string; slug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bots = useQuery(trpc.bot.list.queryOptions({ workspaceId }));
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.bot.list.queryKey() });
  const create = useMutation(trpc.bot.create.mutationOptions({ onSuccess: () => { setEditing(null); refresh(); } }));
  const update = useMutation(trpc.bot.update.mutationOptions({ onSuccess: () => { setEditing(null); refresh(); } }));
  const base = `/w/${encodeURIComponent(slug)}`;

  return (
    <div className="stack">
      {canEdit ? (
        editing === 'new' ? (
          <div className="card">
            <h2>New bot</h2>
            <BotForm workspaceId={workspaceId} initial={blank} submitLabel="Create" pending={create.isPending} serverErrors={fieldErrorsOf(create.error)} onSubmit={(f) => create.mutate({ workspaceId, ...f })} />
            {create.error ? <p className="alert small" role="alert">{create.error.message}</p> : null}
            <button type="button" className="button small" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        ) : (
          <div>
            <button type="button" className="button" onClick={() => setEditing('new')} data-testid="new-bot">
              New bot
            </button>
          </div>
        )
      ) : null}
      <QueryState query={bots} testId="bots" empty="No bots yet. Create one to answer a channel with a flow or the AI agent.">
        {(items) => (
          <table className="table" data-testid="bots-table">
            <thead>
              <tr>
                <th>Bot</th>
                <th>Mode</th>
                <th>Channel</th>
                <th>Flow</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((bot) => (
                <tr key={bot.id} data-testid="bot-row">
                  <td>{bot.name}</td>
                  <td>
                    <span className="badge">{bot.mode}</span>
                  </td>
                  <td>{bot.channel ? `${bot.channel.displayPhoneNumber} (${bot.channel.kind})` : <span className="muted">—</span>}</td>
                  <td>
                    {bot.flow ? (
                      <a href={`${base}/flows/${bot.flow.id}`}>
                        {bot.flow.name} {bot.flow.publishedVersion === null ? '(not published)' : `v${bot.flow.publishedVersion}`}
                      </a>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <span className={`status ${bot.status === 'live' ? 'status-active' : 'status-disabled'}`} data-testid="bot-status">
                      {statusText[bot.status]}
                    </span>
                  </td>
                  <td>
                    <a href={`${base}/bots/${bot.id}/agent`} data-testid="bot-agent-link">
                      Agent
                    </a>
                    {canEdit ? (
                      <>
                        {' · '}
                        <button type="button" className="button small" onClick={() => setEditing(bot.id)} data-testid="edit-bot">
                          Edit
                        </button>{' '}
                        <button
                          type="button"
                          className="button small"
                          disabled={update.isPending}
                          onClick={() => {
                            if (!bot.enabled || window.confirm(`Disable ${bot.name}? It stops answering its channel.`)) update.mutate({ workspaceId, botId: bot.id, enabled: !bot.enabled });
                          }}
                          data-testid="toggle-bot"
                        >
                          {bot.enabled ? 'Disable' : 'Enable'}
                        </button>
                      </>
                    ) : null}
                    {editing === bot.id ? (
                      <div className="card">
                        <BotForm
                          workspaceId={workspaceId}
                          initial={{ name: bot.name, mode: bot.mode, channelId: bot.channel?.id ?? null, activeFlowId: bot.flow?.id ?? null, enabled: bot.enabled }}
                          submitLabel="Save"
                          pending={update.isPending}
                          serverErrors={fieldErrorsOf(update.error)}
                          onSubmit={(f) => update.mutate({ workspaceId, botId: bot.id, ...f })}
                        />
                        {update.error ? <p className="alert small" role="alert">{update.error.message}</p> : null}
                        <button type="button" className="button small" onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
