'use client';

import type { Edge } from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import type { BlockNode, FlowMeta } from './flow-document';

/** Everything an undo step brings back: the canvas and the flow's name, variables and keywords. */
export interface Snapshot {
  nodes: BlockNode[];
  edges: Edge[];
  meta: FlowMeta;
}

const limit = 100;
// Typing in the inspector records one step per burst, not one per key.
const coalesceMs = 800;

/**
 * Undo/redo over canvas snapshots. `record` is called before a change with
 * the state it replaces; `undo`/`redo` hand back the state to show.
 * `generation` changes on every jump so editors can drop their local state.
 */
export function useUndoHistory(current: () => Snapshot) {
  const past = useRef<Snapshot[]>([]);
  const future = useRef<Snapshot[]>([]);
  const last = useRef<{ key: string; at: number } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [, setSize] = useState(0);

  const record = useCallback(
    (key = '') => {
      const now = Date.now();
      if (key && last.current?.key === key && now - last.current.at < coalesceMs) {
        last.current.at = now;
        return;
      }
      last.current = { key, at: now };
      past.current = [...past.current.slice(-(limit - 1)), structuredClone(current())];
      future.current = [];
      setSize(past.current.length);
    },
    [current],
  );

  const jump = useCallback(
    (from: React.RefObject<Snapshot[]>, to: React.RefObject<Snapshot[]>): Snapshot | null => {
      const target = from.current.at(-1);
      if (!target) return null;
      from.current = from.current.slice(0, -1);
      to.current = [...to.current, structuredClone(current())];
      last.current = null;
      setGeneration((g) => g + 1);
      setSize(past.current.length);
      return target;
    },
    [current],
  );

  return {
    record,
    undo: useCallback(() => jump(past, future), [jump]),
    redo: useCallback(() => jump(future, past), [jump]),
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
    generation,
  };
}
