'use client';

import { agentReplyInputSchema, buildTemplateContent, previewTemplateBody, type ReplyTemplate } from '@switchboard/core/agent-reply-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { z } from 'zod';
import { useTRPC } from '../trpc/react';

type Mode = 'text' | 'template';

const newClientId = () => crypto.randomUUID();

/** Errors of a failed parse keyed for the composer: `body`, `param:<key>` or `template`. */
function composerErrors(error: z.ZodError, template: ReplyTemplate | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const parameter = path.indexOf('parameters');
    const key =
      path[1] === 'text'
        ? 'body'
        : parameter >= 0 && template
          ? `param:${template.parameters[Number(path[parameter + 1])]?.key ?? ''}`
          : 'template';
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * The reply box under the transcript: a text while the 24 h window is open, otherwise (or on demand)
 * a picker of the channel's approved templates with a field per body parameter and a preview.
 * Validated with the server's schema; one `client_id` per composed message, so a double click sends once.
 */
export function InboxComposer({ workspaceId, conversationId, windowOpen, canAnswer }: { workspaceId: string; conversationId: string; windowOpen: boolean; canAnswer: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [chosenMode, setMode] = useState<Mode>('text');
  const mode: Mode = windowOpen ? chosenMode : 'template';
  const [clientId, setClientId] = useState(newClientId);
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<{ name: string; language: string } | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});

  const templates = useQuery({
    ...trpc.conversation.templates.queryOptions({ workspaceId, id: conversationId }),
    enabled: canAnswer && mode === 'template',
    staleTime: 60_000,
  });
  const reply = useMutation(
    trpc.conversation.reply.mutationOptions({
      onSuccess: () => {
        setBody('');
        setValues({});
        setClientId(newClientId());
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.transcript.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.queryKey() });
      },
      onError: (error) => {
        // The window closed since the page loaded: offer the templates right away.
        if (error.data?.appCode === 'outside_customer_service_window') setMode('template');
      },
    }),
  );

  const list = templates.data?.templates ?? [];
  const names = [...new Set(list.map((t) => t.name))];
  const template = picked ? list.find((t) => t.name === picked.name && t.language === picked.language) : undefined;
  const languages = picked ? list.filter((t) => t.name === picked.name).map((t) => t.language) : [];

  // A changed message is a new message: it gets its own idempotency key.
  const edited = () => {
    setClientId(newClientId());
    reply.reset();
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mode === 'template' && !template) {
      setErrors({ template: 'Pick a template' });
      return;
    }
    const message = mode === 'text' ? { type: 'text' as const, text: { body } } : { type: 'template' as const, template: buildTemplateContent(template!, values) };
    const parsed = agentReplyInputSchema.safeParse({ conversation_id: conversationId, client_id: clientId, message });
    if (!parsed.success) {
      setErrors(composerErrors(parsed.error, template));
      return;
    }
    setErrors({});
    reply.mutate({ workspaceId, ...parsed.data });
  }

  if (!canAnswer) {
    return (
      <p className="muted small composer-readonly" data-testid="composer-readonly">
        Viewers can read conversations but not reply.
      </p>
    );
  }

  return (
    <form className="composer stack" onSubmit={onSubmit} noValidate data-testid="composer" data-mode={mode}>
      <div className="composer-modes">
        {windowOpen ? (
          <>
            <button type="button" className={`button small${mode === 'text' ? ' primary' : ''}`} onClick={() => setMode('text')} data-testid="composer-mode-text" aria-pressed={mode === 'text'}>
              Message
            </button>
            <button type="button" className={`button small${mode === 'template' ? ' primary' : ''}`} onClick={() => setMode('template')} data-testid="composer-mode-template" aria-pressed={mode === 'template'}>
              Template
            </button>
          </>
        ) : (
          <span className="muted small" data-testid="composer-window-closed">
            The 24-hour window is closed: WhatsApp only delivers an approved template until the contact writes again.
          </span>
        )}
      </div>

      {mode === 'text' ? (
        <label className="field">
          <textarea
            aria-label="Reply"
            className="composer-text"
            rows={3}
            value={body}
            placeholder="Write a reply… (sending takes the conversation over from the bot)"
            onChange={(e) => {
              setBody(e.target.value);
              setErrors(({ body: _fixed, ...rest }) => rest);
              edited();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
            }}
            data-testid="composer-text"
          />
          {errors.body ? <span className="alert small" data-testid="composer-field-error">{errors.body}</span> : null}
        </label>
      ) : templates.isPending ? (
        <p className="muted small" aria-busy="true">Loading the number&apos;s templates…</p>
      ) : templates.isError ? (
        <p className="alert small" role="alert" data-testid="templates-error">Could not load templates: {templates.error.message}</p>
      ) : templates.data.error ? (
        <p className="alert small" role="alert" data-testid="templates-error">{templates.data.error}</p>
      ) : list.length === 0 ? (
        <p className="muted small" data-testid="templates-empty">This number has no approved templates yet. Create one in WhatsApp Manager.</p>
      ) : (
        <div className="composer-template stack">
          <div className="composer-pick">
            <label className="field">
              <span>Template</span>
              <select
                value={picked?.name ?? ''}
                onChange={(e) => {
                  const first = list.find((t) => t.name === e.target.value);
                  setPicked(first ? { name: first.name, language: first.language } : null);
                  setValues({});
                  setErrors({});
                  edited();
                }}
                data-testid="template-select"
              >
                <option value="">Choose…</option>
                {names.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            {picked ? (
              <label className="field">
                <span>Language</span>
                <select
                  value={picked.language}
                  onChange={(e) => {
                    setPicked({ name: picked.name, language: e.target.value });
                    edited();
                  }}
                  data-testid="template-language"
                >
                  {languages.map((language) => (
                    <option key={language} value={language}>
                      {language}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
          {errors.template ? <span className="alert small" data-testid="composer-field-error">{errors.template}</span> : null}
          {template ? (
            <>
              {template.unsupported ? <p className="alert small" role="alert">{template.unsupported}</p> : null}
              {template.parameters.map((parameter) => (
                <label key={parameter.key} className="field">
                  <span>
                    {`{{${parameter.key}}}`}
                    {parameter.example ? <span className="muted small"> e.g. {parameter.example}</span> : null}
                  </span>
                  <input
                    value={values[parameter.key] ?? ''}
                    onChange={(e) => {
                      setValues({ ...values, [parameter.key]: e.target.value });
                      setErrors(({ [`param:${parameter.key}`]: _fixed, ...rest }) => rest);
                      edited();
                    }}
                    data-testid={`template-param-${parameter.key}`}
                  />
                  {errors[`param:${parameter.key}`] ? (
                    <span className="alert small" data-testid="composer-field-error">
                      {errors[`param:${parameter.key}`]}
                    </span>
                  ) : null}
                </label>
              ))}
              <div className="bubble outbound composer-preview" data-testid="template-preview">
                {template.header ? <strong>{template.header}</strong> : null}
                <span>{previewTemplateBody(template.body, values)}</span>
                {template.footer ? <span className="muted small">{template.footer}</span> : null}
                {template.buttons.length > 0 ? <span className="small">{template.buttons.map((b) => `[${b}]`).join(' ')}</span> : null}
              </div>
            </>
          ) : null}
        </div>
      )}

      {reply.isError ? (
        <p className="alert small" role="alert" data-testid="composer-error">
          {reply.error.message}
        </p>
      ) : null}
      <div>
        <button
          type="submit"
          className="button primary"
          disabled={reply.isPending || (mode === 'template' && template?.unsupported != null)}
          data-testid="composer-send"
        >
          {reply.isPending ? 'Sending…' : mode === 'text' ? 'Send' : 'Send template'}
        </button>
      </div>
    </form>
  );
}
