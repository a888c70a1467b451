'use client';

import { safeMigrateFlow } from '@switchboard/flow-engine';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTRPC } from '../../trpc/react';
import { QueryState } from '../query-state';

/** The workspace's flows with their bot and published version; editors create a flow or import one from JSON. */
export function FlowList({ workspaceId, slug, canEdit }: { workspaceId: string; slug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.flow.list.queryOptions({ workspaceId }));
  const [name, setName] = useState('');
  const [importError, setImportError] = useState<string | null>(null);
  const open = (flowId: string) => {
    void queryClient.invalidateQueries({ queryKey: trpc.flow.list.queryKey() });
    router.push(`/w/${encodeURIComponent(slug)}/flows/${flowId}`);
  };
  const create = useMutation(trpc.flow.create.mutationOptions({ onSuccess: (flow) => open(flow.id) }));
  const importFlow = useMutation(trpc.flow.import.mutationOptions({ onSuccess: (flow) => open(flow.id) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ workspaceId, name });
  };
  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setImportError(null);
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      setImportError(`${file.name} is not JSON.`);
      return;
    }
    // Checked here with the engine for a quick answer; the server checks again.
    const parsed = safeMigrateFlow(document);
    if (!parsed.ok) {
      setImportError(`Cannot import ${file.name}: ${parsed.error.message}`);
      return;
    }
    importFlow.mutate({ workspaceId, document });
  };
  const error = create.error?.message ?? importFlow.error?.message ?? importError;

  return (
    <div className="stack">
      {canEdit ? (
        <form className="fb-create" onSubmit={submit}>
          <input placeholder="New flow name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New flow name" data-testid="new-flow-name" required maxLength={200} />
          <button type="submit" className="button primary" disabled={create.isPending} data-testid="create-flow">
            Create flow
          </button>
          <label className="button">
            Import JSON
            <input type="file" accept="application/json,.json" hidden onChange={(e) => void importFile(e)} data-testid="import-flow-file" />
          </label>
        </form>
      ) : null}
      {error ? (
        <p className="alert small" role="alert">
          {error}
        </p>
      ) : null}
      <QueryState query={query} testId="flow-list" empty="No flows yet.">
        {(flows) => (
          <table className="table" data-testid="flow-list">
            <thead>
              <tr>
                <th>Flow</th>
                <th>Bot</th>
                <th className="num">Blocks</th>
                <th>Published</th>
                <th>Draft saved</th>
              </tr>
            </thead>
            <tbody>
              {flows.map((flow) => (
                <tr key={flow.id}>
                  <td>
                    <a href={`/w/${encodeURIComponent(slug)}/flows/${flow.id}`}>{flow.name}</a>
                  </td>
                  <td>{flow.botName ?? <span className="muted">—</span>}</td>
                  <td className="num">{flow.nodeCount}</td>
                  <td>{flow.latestVersion === null ? <span className="badge">draft only</span> : `v${flow.latestVersion} · ${flow.latestPublishedAt?.toLocaleString() ?? ''}`}</td>
                  <td className="muted small">{flow.draftUpdatedAt.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </div>
  );
}
