'use client';

import { agentSettingsSchema, builtInToolNames, type AgentSettings, type BuiltInToolName } from '@switchboard/ai-agent/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTRPC } from '../trpc/react';
import { BotTestPanel } from './bot-test-panel';

/** An HTTP tool row as typed: parameters and headers stay text until the form is checked. */
interface ToolRow {
  name: string;
  description: string;
  parameters: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: string;
  body: string;
  timeoutMs: string;
}

interface FormState {
  base: Partial<AgentSettings>;
  systemPrompt: string;
  model: string;
  temperature: string;
  maxOutputTokens: string;
  memoryTurns: string;
  greeting: string;
  fallbackMessage: string;
  /** US dollars per million tokens; both empty: no price (analytics shows tokens only). */
  priceIn: string;
  priceOut: string;
  handoffOnFailure: boolean;
  voice: boolean;
  images: boolean;
  documents: boolean;
  builtInTools: BuiltInToolName[];
  httpTools: ToolRow[];
}

const builtInLabels: Record<BuiltInToolName, string> = {
  handoff_to_human: 'Hand off to a human',
  set_variable: 'Set a variable',
  save_contact_field: 'Save a contact field',
  send_buttons: 'Send buttons',
  send_list: 'Send a list',
  end_conversation: 'End the conversation',
};

const emptyTool = (): ToolRow => ({
  name: '',
  description: '',
  parameters: '{\n  "type": "object",\n  "properties": {}\n}',
  method: 'GET',
  url: 'https://',
  headers: '',
  body: '',
  timeoutMs: '8000',
});

function toForm(settings: AgentSettings | null): FormState {
  const s = settings ?? agentSettingsSchema.parse({ systemPrompt: 'You are the assistant of …' });
  return {
    base: s,
    systemPrompt: s.systemPrompt,
    model: s.model ?? '',
    temperature: String(s.temperature),
    maxOutputTokens: String(s.maxOutputTokens),
    memoryTurns: String(s.memoryTurns),
    greeting: s.greeting ?? '',
    fallbackMessage: s.fallbackMessage,
    priceIn: s.pricing ? String(s.pricing.inputPerMillionTokens) : '',
    priceOut: s.pricing ? String(s.pricing.outputPerMillionTokens) : '',
    handoffOnFailure: s.handoffOnFailure,
    voice: s.media.voice,
    images: s.media.images,
    documents: s.media.documents,
    builtInTools: s.builtInTools,
    httpTools: s.httpTools.map((t) => ({
      name: t.name,
      description: t.description,
      parameters: JSON.stringify(t.parameters, null, 2),
      method: t.request.method,
      url: t.request.url,
      headers: Object.entries(t.request.headers).map(([k, v]) => `${k}: ${v}`).join('\n'),
      body: t.request.body ?? '',
      timeoutMs: String(t.timeoutMs),
    })),
  };
}

const numberOf = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** The form as the settings object the server validates, plus problems of fields typed as text (JSON, headers). */
function fromForm(form: FormState): { settings: Record<string, unknown>; local: Record<string, string> } {
  const local: Record<string, string> = {};
  const httpTools = form.httpTools.map((row, i) => {
    let parameters: unknown = {};
    try {
      parameters = JSON.parse(row.parameters || '{}');
    } catch (error) {
      local[`httpTools.${i}.parameters`] = `not valid JSON: ${(error as Error).message}`;
    }
    const headers: Record<string, string> = {};
    for (const line of row.headers.split('\n').filter((l) => l.trim() !== '')) {
      const at = line.indexOf(':');
      if (at <= 0) local[`httpTools.${i}.request.headers`] = `"${line}" is not "Name: value"`;
      else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    return {
      ...(form.base.httpTools?.[i] ?? {}),
      name: row.name.trim(),
      description: row.description,
      parameters,
      request: { method: row.method, url: row.url.trim(), headers, ...(row.body.trim() ? { body: row.body } : {}) },
      timeoutMs: numberOf(row.timeoutMs),
    };
  });
  const settings: Record<string, unknown> = {
    ...form.base,
    systemPrompt: form.systemPrompt,
    temperature: numberOf(form.temperature),
    maxOutputTokens: numberOf(form.maxOutputTokens),
    memoryTurns: numberOf(form.memoryTurns),
    fallbackMessage: form.fallbackMessage,
    handoffOnFailure: form.handoffOnFailure,
    media: { ...form.base.media, voice: form.voice, images: form.images, documents: form.documents },
    builtInTools: form.builtInTools,
    httpTools,
  };
  if (form.model.trim()) settings.model = form.model.trim();
  else delete settings.model;
  if (form.greeting.trim()) settings.greeting = form.greeting;
  else delete settings.greeting;
  if (form.priceIn.trim() || form.priceOut.trim()) {
    settings.pricing = { inputPerMillionTokens: numberOf(form.priceIn), outputPerMillionTokens: numberOf(form.priceOut) };
  } else delete settings.pricing;
  return { settings, local };
}

/** Checks the form with the server's own schema; returns the settings or the problems by field path. */
function check(form: FormState): { ok: true; settings: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const { settings, local } = fromForm(form);
  const parsed = agentSettingsSchema.safeParse(settings);
  const errors: Record<string, string> = { ...local };
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path.map(String).join('.') || '(root)'] ??= issue.message;
  return Object.keys(errors).length === 0 ? { ok: true, settings } : { ok: false, errors };
}

function Field({ label, error, children, hint }: { label: string; error?: string | undefined; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {hint ? <span className="muted small">{hint}</span> : null}
      {error ? (
        <span className="fb-field-error small" role="alert" data-testid="agent-field-error">
          {error}
        </span>
      ) : null}
    </label>
  );
}

/** The agent editor: every setting as a form field, checked with the server's schema, with a test panel beside it. */
export function AgentSettingsForm({ workspaceId, botId, canEdit }: { workspaceId: string; botId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.ai.agent.get.queryOptions({ workspaceId, botId }));
  const [form, setForm] = useState<FormState | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (query.data) setForm(toForm(query.data.settings));
  }, [query.data]);
  const save = useMutation(
    trpc.ai.agent.save.mutationOptions({
      onSuccess: (saved) => {
        setForm(toForm(saved));
        void queryClient.invalidateQueries({ queryKey: trpc.ai.agent.get.queryKey() });
      },
      onError: (error) => {
        const fields = (error.data as { fieldErrors?: { field: string; message: string }[] | null } | undefined)?.fieldErrors ?? [];
        setErrors(Object.fromEntries(fields.map((f) => [f.field, f.message])));
      },
    }),
  );

  if (query.isPending || (query.data && !form)) return <p className="muted" aria-busy="true">Loading…</p>;
  if (query.isError || !form) {
    return (
      <p className="alert" role="alert">
        Could not load: {query.error?.message ?? 'unknown error'}
      </p>
    );
  }
  const set = (patch: Partial<FormState>) => {
    setForm({ ...form, ...patch });
    save.reset();
  };
  const setTool = (i: number, patch: Partial<ToolRow>) => set({ httpTools: form.httpTools.map((row, j) => (j === i ? { ...row, ...patch } : row)) });
  const err = (path: string) => errors[path];
  const toolErr = (i: number, path: string) => errors[`httpTools.${i}.${path}`];

  return (
    <div className="agent-editor">
      <form
        className="stack"
        data-testid="agent-settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          const checked = check(form);
          if (!checked.ok) {
            setErrors(checked.errors);
            return;
          }
          setErrors({});
          save.mutate({ workspaceId, botId, settings: checked.settings });
        }}
      >
        <p className="muted small">
          Mode: <span className="badge">{query.data.mode}</span>
          {query.data.mode === 'flow' ? ' — a flow bot uses the model settings in its AI steps.' : null}
        </p>
        {query.data.problems.length > 0 ? (
          <div className="alert small" role="alert" data-testid="agent-settings-problems">
            The stored settings no longer validate: {query.data.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}
          </div>
        ) : null}
        <fieldset className="fb-fieldset stack" disabled={!canEdit}>
          <legend>Prompt and model</legend>
          <Field label="System prompt" error={err('systemPrompt')}>
            <textarea name="systemPrompt" rows={8} value={form.systemPrompt} onChange={(e) => set({ systemPrompt: e.target.value })} />
          </Field>
          <Field label="Model" error={err('model')} hint="Empty: the workspace's default model.">
            <input name="model" value={form.model} onChange={(e) => set({ model: e.target.value })} />
          </Field>
          <Field label="Temperature (0–2)" error={err('temperature')}>
            <input name="temperature" inputMode="decimal" value={form.temperature} onChange={(e) => set({ temperature: e.target.value })} />
          </Field>
          <Field label="Max output tokens" error={err('maxOutputTokens')}>
            <input name="maxOutputTokens" inputMode="numeric" value={form.maxOutputTokens} onChange={(e) => set({ maxOutputTokens: e.target.value })} />
          </Field>
          <Field label="Memory (turns kept verbatim)" error={err('memoryTurns')} hint="Older turns are folded into a rolling summary.">
            <input name="memoryTurns" inputMode="numeric" value={form.memoryTurns} onChange={(e) => set({ memoryTurns: e.target.value })} />
          </Field>
          <Field label="Price of input tokens (US$ per million)" error={err('pricing.inputPerMillionTokens')} hint="Both empty: analytics shows tokens without a cost.">
            <input name="priceIn" inputMode="decimal" value={form.priceIn} onChange={(e) => set({ priceIn: e.target.value })} />
          </Field>
          <Field label="Price of output tokens (US$ per million)" error={err('pricing.outputPerMillionTokens')}>
            <input name="priceOut" inputMode="decimal" value={form.priceOut} onChange={(e) => set({ priceOut: e.target.value })} />
          </Field>
        </fieldset>
        <fieldset className="fb-fieldset stack" disabled={!canEdit}>
          <legend>Messages</legend>
          <Field label="Greeting" error={err('greeting')} hint="Sent before the first answer of a conversation; empty: none.">
            <textarea name="greeting" rows={2} value={form.greeting} onChange={(e) => set({ greeting: e.target.value })} />
          </Field>
          <Field label="Fallback message" error={err('fallbackMessage')} hint="When the model fails after retries or the step budget runs out.">
            <textarea name="fallbackMessage" rows={2} value={form.fallbackMessage} onChange={(e) => set({ fallbackMessage: e.target.value })} />
          </Field>
          <label className="fb-check">
            <input type="checkbox" name="handoffOnFailure" checked={form.handoffOnFailure} onChange={(e) => set({ handoffOnFailure: e.target.checked })} /> Hand off to a human when the
            model fails
          </label>
          <label className="fb-check">
            <input type="checkbox" name="voice" checked={form.voice} onChange={(e) => set({ voice: e.target.checked })} /> Transcribe voice notes
          </label>
          <label className="fb-check">
            <input type="checkbox" name="images" checked={form.images} onChange={(e) => set({ images: e.target.checked })} /> Show images to the model (vision models)
          </label>
          <label className="fb-check">
            <input type="checkbox" name="documents" checked={form.documents} onChange={(e) => set({ documents: e.target.checked })} /> Read PDF documents as text
          </label>
        </fieldset>
        <fieldset className="fb-fieldset stack" disabled={!canEdit}>
          <legend>Built-in tools</legend>
          {builtInToolNames.map((name) => (
            <label key={name} className="fb-check">
              <input
                type="checkbox"
                name={`builtIn.${name}`}
                checked={form.builtInTools.includes(name)}
                onChange={(e) => set({ builtInTools: e.target.checked ? [...form.builtInTools, name] : form.builtInTools.filter((t) => t !== name) })}
              />{' '}
              {builtInLabels[name]} <code className="small">{name}</code>
            </label>
          ))}
          {err('builtInTools') ? <span className="fb-field-error small">{err('builtInTools')}</span> : null}
        </fieldset>
        <fieldset className="fb-fieldset stack" disabled={!canEdit}>
          <legend>HTTP tools</legend>
          {form.httpTools.length === 0 ? <p className="muted small">None: the agent only has the built-in tools.</p> : null}
          {form.httpTools.map((row, i) => (
            <div key={i} className="card stack" data-testid="http-tool-row">
              <Field label="Name" error={toolErr(i, 'name')}>
                <input name={`httpTools.${i}.name`} value={row.name} onChange={(e) => setTool(i, { name: e.target.value })} />
              </Field>
              <Field label="Description (what the model reads)" error={toolErr(i, 'description')}>
                <input name={`httpTools.${i}.description`} value={row.description} onChange={(e) => setTool(i, { description: e.target.value })} />
              </Field>
              <Field label="Parameters (JSON schema)" error={toolErr(i, 'parameters')}>
                <textarea className="mono" name={`httpTools.${i}.parameters`} rows={5} value={row.parameters} onChange={(e) => setTool(i, { parameters: e.target.value })} />
              </Field>
              <Field label="Method" error={toolErr(i, 'request.method')}>
                <select name={`httpTools.${i}.method`} value={row.method} onChange={(e) => setTool(i, { method: e.target.value as ToolRow['method'] })}>
                  {(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </Field>
              <Field label="URL template" error={toolErr(i, 'request.url')} hint="{{args.x}} and {{vars.x}} are filled in (URI-encoded).">
                <input name={`httpTools.${i}.url`} value={row.url} onChange={(e) => setTool(i, { url: e.target.value })} />
              </Field>
              <Field label="Headers (one “Name: value” a line)" error={toolErr(i, 'request.headers')}>
                <textarea className="mono" name={`httpTools.${i}.headers`} rows={2} value={row.headers} onChange={(e) => setTool(i, { headers: e.target.value })} />
              </Field>
              {row.method !== 'GET' ? (
                <Field label="Body template" error={toolErr(i, 'request.body')} hint="Empty: the arguments as JSON.">
                  <textarea className="mono" name={`httpTools.${i}.body`} rows={3} value={row.body} onChange={(e) => setTool(i, { body: e.target.value })} />
                </Field>
              ) : null}
              <Field label="Timeout (ms, ≤ 15000)" error={toolErr(i, 'timeoutMs')}>
                <input name={`httpTools.${i}.timeoutMs`} inputMode="numeric" value={row.timeoutMs} onChange={(e) => setTool(i, { timeoutMs: e.target.value })} />
              </Field>
              {canEdit ? (
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    if (window.confirm(`Remove the tool ${row.name || `#${i + 1}`}?`)) {
                      set({ httpTools: form.httpTools.filter((_, j) => j !== i), base: { ...form.base, httpTools: form.base.httpTools?.filter((_, j) => j !== i) ?? [] } });
                    }
                  }}
                  data-testid="remove-http-tool"
                >
                  Remove tool
                </button>
              ) : null}
            </div>
          ))}
          {canEdit ? (
            <button type="button" className="button small" onClick={() => set({ httpTools: [...form.httpTools, emptyTool()] })} data-testid="add-http-tool">
              Add an HTTP tool
            </button>
          ) : null}
        </fieldset>
        {canEdit ? (
          <div className="row">
            <button type="submit" className="button" disabled={save.isPending} data-testid="agent-save">
              Save
            </button>
          </div>
        ) : null}
        {save.isSuccess ? (
          <p className="muted small" data-testid="agent-settings-saved">
            Saved.
          </p>
        ) : null}
        {Object.keys(errors).length > 0 ? (
          <p className="alert small" role="alert" data-testid="agent-settings-error">
            Fix the fields marked below: {Object.entries(errors).map(([field, message]) => `${field}: ${message}`).join('; ')}
          </p>
        ) : save.error ? (
          <p className="alert small" role="alert" data-testid="agent-settings-error">
            {save.error.message}
          </p>
        ) : null}
      </form>
      {canEdit ? (
        <section className="card">
          <h2>Test</h2>
          <BotTestPanel
            target={{
              kind: 'agent',
              workspaceId,
              botId,
              settings: () => {
                const checked = check(form);
                if (!checked.ok) setErrors(checked.errors);
                return checked.ok ? checked.settings : null;
              },
            }}
          />
        </section>
      ) : null}
    </div>
  );
}
