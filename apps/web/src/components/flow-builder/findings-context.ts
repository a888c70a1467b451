'use client';

import type { LintFinding } from '@switchboard/flow-engine';
import { createContext, useContext } from 'react';

const empty: readonly LintFinding[] = [];

/** Lint findings by node id; node components read theirs here so findings never enter the document. */
export const FindingsContext = createContext<ReadonlyMap<string, readonly LintFinding[]>>(new Map());

/** The findings about one node. */
export function useNodeFindings(nodeId: string): readonly LintFinding[] {
  return useContext(FindingsContext).get(nodeId) ?? empty;
}
