'use client';

import type { SaveState } from './use-autosave';

/** Autosave state; a conflict offers to reload or to download this tab's version first. */
export function SaveStatus({ state, canEdit, onReload, onDownload }: { state: SaveState; canEdit: boolean; onReload: () => void; onDownload: () => void }) {
  if (!canEdit) return null;
  if (state.kind === 'conflict' || state.kind === 'error') {
    return (
      <div className="alert small fb-save-problem" role="alert" data-testid="save-problem">
        {state.kind === 'conflict' ? 'Not saved: ' : 'Save failed: '}
        {state.message}{' '}
        <button type="button" className="button small" onClick={onDownload}>
          Download my version
        </button>{' '}
        <button type="button" className="button small" onClick={onReload}>
          Reload
        </button>
      </div>
    );
  }
  const text = { saved: 'All changes saved', dirty: 'Unsaved changes…', saving: 'Saving…' }[state.kind];
  return (
    <span className={`fb-save fb-save-${state.kind}`} data-testid="save-status" data-state={state.kind}>
      {text}
    </span>
  );
}
