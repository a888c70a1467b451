'use client';

import type { FlowV1 } from '@switchboard/flow-engine';
import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../trpc/react';

export type SaveState = { kind: 'saved' } | { kind: 'dirty' } | { kind: 'saving' } | { kind: 'conflict'; message: string } | { kind: 'error'; message: string };

const debounceMs = 800;

/**
 * Saves the draft a moment after the last change. Each save names the
 * revision it builds on; a CONFLICT (another tab saved first) stops autosave
 * and is shown, so nothing is overwritten silently. `flush` saves now and
 * resolves with the saved revision (publish waits for it).
 */
export function useAutosave(opts: { workspaceId: string; flowId: string; revision: number; document: FlowV1; enabled: boolean }) {
  const trpc = useTRPC();
  const save = useMutation(trpc.flow.saveDraft.mutationOptions());
  const revision = useRef(opts.revision);
  const savedJson = useRef(JSON.stringify(opts.document));
  const latest = useRef(opts.document);
  latest.current = opts.document;
  const inFlight = useRef<Promise<number> | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'saved' });
  const stopped = state.kind === 'conflict';
  const { mutateAsync } = save;
  const { workspaceId, flowId } = opts;

  const flush = useCallback(async (): Promise<number> => {
    while (inFlight.current) await inFlight.current.catch(() => undefined);
    const document = latest.current;
    const json = JSON.stringify(document);
    if (json === savedJson.current) return revision.current;
    setState({ kind: 'saving' });
    const run = mutateAsync({ workspaceId, flowId, baseRevision: revision.current, document })
      .then((result) => {
        revision.current = result.revision;
        savedJson.current = json;
        setState(JSON.stringify(latest.current) === json ? { kind: 'saved' } : { kind: 'dirty' });
        return result.revision;
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : 'save failed';
        const conflict = (error as { data?: { code?: string } }).data?.code === 'CONFLICT';
        setState(conflict ? { kind: 'conflict', message } : { kind: 'error', message });
        throw error;
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    return run;
  }, [mutateAsync, workspaceId, flowId]);

  const json = JSON.stringify(opts.document);
  useEffect(() => {
    if (!opts.enabled || stopped) return;
    // Back to what the server holds (say, an undo right after a change): nothing to save.
    if (json === savedJson.current) {
      setState((s) => (s.kind === 'dirty' ? { kind: 'saved' } : s));
      return;
    }
    setState((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
    const timer = setTimeout(() => void flush().catch(() => undefined), debounceMs);
    return () => clearTimeout(timer);
  }, [json, opts.enabled, stopped, flush]);

  // Leaving with edits the debounce has not sent yet asks first.
  const pending = state.kind !== 'saved' || json !== savedJson.current;
  useEffect(() => {
    if (!opts.enabled || !pending) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [opts.enabled, pending]);

  /** Adopts a draft the server now holds (after a restore): nothing to save. */
  const adopt = useCallback((document: FlowV1, newRevision: number) => {
    revision.current = newRevision;
    savedJson.current = JSON.stringify(document);
    latest.current = document;
    setState({ kind: 'saved' });
  }, []);

  return { state, flush, adopt, revision };
}
