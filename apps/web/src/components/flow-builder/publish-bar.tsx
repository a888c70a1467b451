'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../trpc/react';

/**
 * Saves pending edits, then publishes the draft as a new immutable version
 * with an optional note. Refused (and disabled) while the linter reports errors.
 */
export function PublishBar(props: { workspaceId: string; flowId: string; canEdit: boolean; errorCount: number; flush: () => Promise<number>; onPublished: () => void }) {
  const { workspaceId, flowId, errorCount } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const publish = useMutation(trpc.flow.publish.mutationOptions());
  const [note, setNote] = useState('');
  const [published, setPublished] = useState<number | null>(null);
  const blocked = errorCount > 0;

  const run = async () => {
    setPublished(null);
    const revision = await props.flush();
    const version = await publish.mutateAsync({ workspaceId, flowId, revision, ...(note.trim() ? { note: note.trim() } : {}) });
    setPublished(version.version);
    setNote('');
    await queryClient.invalidateQueries({ queryKey: trpc.flow.versions.queryKey() });
    props.onPublished();
  };

  if (!props.canEdit) return <span className="muted small">Read only (viewer)</span>;
  return (
    <div className="fb-publish">
      <input placeholder="What changed? (optional)" value={note} onChange={(e) => setNote(e.target.value)} aria-label="Version note" data-testid="publish-note" maxLength={500} />
      <button
        type="button"
        className="button primary small"
        disabled={blocked || publish.isPending}
        title={blocked ? `Fix ${errorCount} error${errorCount === 1 ? '' : 's'} first` : 'Publish the draft as a new version'}
        onClick={() => void run().catch(() => undefined)}
        data-testid="publish"
      >
        {publish.isPending ? 'Publishing…' : 'Publish'}
      </button>
      {blocked ? (
        <span className="fb-publish-blocked" data-testid="publish-blocked">
          {errorCount} error{errorCount === 1 ? '' : 's'} to fix before publishing
        </span>
      ) : null}
      {published !== null ? (
        <span className="fb-publish-ok" role="status" data-testid="published">
          Published v{published}
        </span>
      ) : null}
      {publish.error ? (
        <span className="fb-field-error" role="alert">
          {publish.error.message}
        </span>
      ) : null}
    </div>
  );
}
