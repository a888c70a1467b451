'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';
import type { FlowDraft } from '../../server/trpc/routers/flow/flow-views.schema';
import { downloadJson } from './download-json';

/** Published versions, newest first: export one, or restore it into the draft (after a confirmation). */
export function VersionHistory(props: { workspaceId: string; flowId: string; canEdit: boolean; baseRevision: () => Promise<number>; onRestored: (draft: FlowDraft) => void }) {
  const { workspaceId, flowId } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.flow.versions.queryOptions({ workspaceId, flowId }));
  const restore = useMutation(trpc.flow.restoreVersion.mutationOptions());
  const exportVersion = async (versionId: string) => {
    const exported = await queryClient.fetchQuery(trpc.flow.export.queryOptions({ workspaceId, flowId, versionId }));
    downloadJson(exported.fileName, exported.document);
  };

  if (versions.isPending) return <div className="skeleton skeleton-row" aria-busy="true" />;
  if (versions.isError) return <p className="alert small">Could not load versions: {versions.error.message}</p>;
  if (versions.data.length === 0) return <p className="muted small" data-testid="versions-empty">Nothing published yet.</p>;
  return (
    <div className="stack" data-testid="version-history">
      {restore.error ? (
        <p className="alert small" role="alert">
          {restore.error.message}
        </p>
      ) : null}
      <ul className="rows">
        {versions.data.map((v) => (
          <li key={v.id} data-testid={`version-${v.version}`}>
            <div>
              <strong>v{v.version}</strong> <span className="muted small">{v.publishedAt.toLocaleString()}</span>
              {v.note ? <div className="small">{v.note}</div> : null}
              {v.publishedBy ? <div className="muted small">by {v.publishedBy}</div> : null}
            </div>
            <span className="row-meta">
              <button type="button" className="button small" onClick={() => void exportVersion(v.id)}>
                Export
              </button>
              {props.canEdit ? (
                <button
                  type="button"
                  className="button small"
                  disabled={restore.isPending}
                  onClick={async () => {
                    if (!window.confirm(`Replace the draft with version ${v.version}? The current draft stays in undo history until you leave the page.`)) return;
                    const draft = await restore.mutateAsync({ workspaceId, flowId, versionId: v.id, baseRevision: await props.baseRevision() });
                    props.onRestored(draft);
                  }}
                >
                  Restore
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
