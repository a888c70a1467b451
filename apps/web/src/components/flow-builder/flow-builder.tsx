'use client';

import { ReactFlowProvider } from '@xyflow/react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import { BuilderWorkspace } from './builder-workspace';

/** The flow builder page body: loads the draft once, then the canvas owns it until reload. */
export function FlowBuilder({ workspaceId, flowId, slug, canEdit }: { workspaceId: string; flowId: string; slug: string; canEdit: boolean }) {
  const trpc = useTRPC();
  // Loaded once: refetching on focus would overwrite edits the autosave has not sent yet.
  const draft = useQuery({ ...trpc.flow.get.queryOptions({ workspaceId, flowId }), staleTime: Infinity, refetchOnWindowFocus: false });
  if (draft.isPending) {
    return (
      <div className="fb-loading" aria-busy="true" data-testid="flow-builder-loading">
        <div className="skeleton skeleton-title" />
        <div className="skeleton skeleton-block" />
      </div>
    );
  }
  if (draft.isError) {
    return (
      <div className="alert" role="alert" data-testid="flow-builder-error">
        Could not load the flow: {draft.error.message}{' '}
        <button type="button" className="button small" onClick={() => void draft.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <BuilderWorkspace key={draft.dataUpdatedAt} workspaceId={workspaceId} flowId={flowId} slug={slug} canEdit={canEdit} initial={draft.data} reload={() => void draft.refetch()} />
    </ReactFlowProvider>
  );
}
