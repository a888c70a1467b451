'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { WorkspaceSummary } from '../server/trpc/routers/workspace/list.schema';
import { useTRPC } from '../trpc/react';

export function WorkspaceSwitcher({ workspaces, currentId }: { workspaces: WorkspaceSummary[]; currentId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const select = useMutation(
    trpc.workspace.select.mutationOptions({
      onSuccess: (workspace) => router.push(`/w/${encodeURIComponent(workspace.slug)}`),
    }),
  );

  return (
    <label className="switcher">
      <span className="muted">Switch workspace</span>
      <select
        data-testid="workspace-switcher"
        value={select.variables?.workspaceId ?? currentId}
        disabled={select.isPending || workspaces.length < 2}
        onChange={(e) => select.mutate({ workspaceId: e.target.value })}
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      {select.isError ? <span className="alert small">{select.error.message}</span> : null}
    </label>
  );
}
