'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../trpc/react';

/** The workspace's AI provider: base URL, model, optional embeddings model, a write-only key, save and "test connection". */
export function AiProviderForm({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.ai.provider.get.queryOptions({ workspaceId }));
  const [baseUrl, setBaseUrl] = useState('https://api.openai.com/v1');
  const [model, setModel] = useState('');
  const [embeddingModel, setEmbeddingModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  useEffect(() => {
    if (query.data?.baseUrl) setBaseUrl(query.data.baseUrl);
    if (query.data?.model) setModel(query.data.model);
    setEmbeddingModel(query.data?.embeddingModel ?? '');
  }, [query.data]);
  const save = useMutation(
    trpc.ai.provider.save.mutationOptions({
      onSuccess: () => {
        setApiKey('');
        void queryClient.invalidateQueries({ queryKey: trpc.ai.provider.get.queryKey() });
      },
    }),
  );
  const test = useMutation(trpc.ai.provider.test.mutationOptions());
  const error = save.error ?? test.error;
  const hasKey = query.data?.hasApiKey ?? false;

  return (
    <form
      className="stack"
      data-testid="ai-provider-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ workspaceId, provider: { baseUrl, model, apiKey, ...(embeddingModel.trim() ? { embeddingModel: embeddingModel.trim() } : {}) } });
      }}
    >
      <label className="field">
        <span>Base URL</span>
        <input name="baseUrl" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required />
      </label>
      <label className="field">
        <span>Model</span>
        <input name="model" value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o-mini" required />
      </label>
      <label className="field">
        <span>Embeddings model (optional: knowledge documents are then searched by meaning; empty: full-text search)</span>
        <input name="embeddingModel" value={embeddingModel} onChange={(e) => setEmbeddingModel(e.target.value)} placeholder="text-embedding-3-small" />
      </label>
      <label className="field">
        <span>API key {hasKey ? '(stored; leave empty to test the stored key, type a new one to replace it)' : ''}</span>
        <input name="apiKey" type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required={!hasKey} />
      </label>
      <div className="row">
        <button type="submit" className="button" disabled={save.isPending || apiKey === ''}>
          Save
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={test.isPending}
          onClick={() => test.mutate({ workspaceId, provider: { baseUrl, ...(model ? { model } : {}), ...(apiKey ? { apiKey } : {}) } })}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {save.isSuccess ? (
        <p className="muted small" data-testid="ai-provider-saved">
          Saved.
        </p>
      ) : null}
      {test.data ? (
        <p className={test.data.ok ? 'muted small' : 'alert small'} role="status" data-testid="ai-provider-test-result">
          {test.data.ok ? `Connected: ${test.data.model} answered in ${test.data.latencyMs} ms.` : `Failed: ${test.data.error}`}
        </p>
      ) : null}
      {error ? (
        <p className="alert small" role="alert">
          {error.message}
        </p>
      ) : null}
    </form>
  );
}
