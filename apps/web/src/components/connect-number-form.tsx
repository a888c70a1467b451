'use client';

import { createChannelInputSchema } from '@switchboard/core/channel-schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTRPC } from '../trpc/react';
import { fieldErrors } from './form-errors';

const fields = [
  { name: 'phone_number_id', label: 'Phone number ID', hint: 'WhatsApp → API Setup in your Meta app' },
  { name: 'waba_id', label: 'WhatsApp Business Account ID', hint: 'Same page, above the phone number' },
  { name: 'display_phone_number', label: 'Phone number', hint: 'As customers see it, e.g. +1 555 000 1111' },
  { name: 'access_token', label: 'Access token', hint: 'A permanent system-user token with whatsapp_business_messaging', secret: true },
  { name: 'app_secret', label: 'App secret', hint: 'App settings → Basic; it signs the webhooks', secret: true },
] as const;

/** Connect a real number: what to paste into Meta, then credentials checked against the Cloud API before saving. */
export function ConnectNumberForm({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const info = useQuery(trpc.channel.connectInfo.queryOptions({ workspaceId }, { staleTime: Infinity }));
  const connect = useMutation(trpc.channel.connect.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.channel.list.queryKey() }) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [verifyToken, setVerifyToken] = useState<string | null>(null);
  const token = verifyToken ?? info.data?.suggestedVerifyToken ?? '';

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const raw = Object.fromEntries(fields.map((f) => [f.name, String(form.get(f.name) ?? '').trim()]));
    const parsed = createChannelInputSchema.safeParse({ ...raw, verify_token: token });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    connect.mutate({ workspaceId, channel: parsed.data });
  }

  if (info.isPending) return <p className="muted" aria-busy="true">Loading…</p>;
  if (info.isError) return <p className="alert" role="alert">Could not load: {info.error.message}</p>;

  return (
    <div className="stack">
      <div className="card stack" data-testid="meta-paste">
        <p>In your Meta app: WhatsApp → Configuration → Webhook → Edit, paste these two values, then subscribe to the <span className="mono">messages</span> field.</p>
        <label className="field">
          <span>Callback URL</span>
          <input readOnly className="mono" value={info.data.webhookUrl} data-testid="meta-webhook-url" onFocus={(e) => e.currentTarget.select()} />
        </label>
        <label className="field">
          <span>Verify token (use this one or type your own)</span>
          <input className="mono" value={token} onChange={(e) => setVerifyToken(e.target.value)} data-testid="meta-verify-token" />
          {errors.verify_token ? <span className="alert small">{errors.verify_token}</span> : null}
        </label>
      </div>
      <form className="stack" onSubmit={onSubmit} noValidate data-testid="connect-number-form">
        {fields.map((f) => (
          <label key={f.name} className="field">
            <span>{f.label}</span>
            <input name={f.name} type={'secret' in f ? 'password' : 'text'} autoComplete="off" data-testid={`connect-${f.name}`} />
            <span className="muted small">{f.hint}</span>
            {errors[f.name] ? <span className="alert small">{errors[f.name]}</span> : null}
          </label>
        ))}
        {connect.isError ? (
          <p className="alert" role="alert" data-testid="connect-error">
            {connect.error.message}
          </p>
        ) : null}
        {connect.data ? (
          <p className="card" data-testid="connect-done">
            Connected <span className="mono">{connect.data.channel.display_phone_number}</span>
            {connect.data.verifiedName ? ` (${connect.data.verifiedName})` : ''}. Meta will now verify the callback URL with your token.
          </p>
        ) : null}
        <div>
          <button type="submit" className="button primary" disabled={connect.isPending} data-testid="connect-submit">
            {connect.isPending ? 'Checking with the Cloud API…' : 'Check and connect'}
          </button>
        </div>
      </form>
    </div>
  );
}
