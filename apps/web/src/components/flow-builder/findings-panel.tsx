'use client';

import type { LintFinding } from '@switchboard/flow-engine';

/** The linter's findings, errors first; clicking one with a node focuses that node. */
export function FindingsPanel({ findings, onFocus }: { findings: readonly LintFinding[]; onFocus: (nodeId: string) => void }) {
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    <section className="fb-findings" data-testid="lint-findings" aria-label="Lint findings">
      <p className="eyebrow">
        {errors} error{errors === 1 ? '' : 's'} · {findings.length - errors} warning{findings.length - errors === 1 ? '' : 's'}
      </p>
      {sorted.length === 0 ? <p className="muted small">No problems found.</p> : null}
      <ul>
        {sorted.map((f, i) => (
          <li key={`${f.code}-${f.nodeId ?? f.edgeId ?? ''}-${i}`}>
            <button
              type="button"
              className={`fb-finding fb-finding-${f.severity}`}
              disabled={!f.nodeId}
              data-testid="lint-finding"
              data-node-id={f.nodeId ?? ''}
              data-code={f.code}
              onClick={() => f.nodeId && onFocus(f.nodeId)}
            >
              <strong>{f.severity}</strong> {f.nodeId ? <span className="mono">{f.nodeId}</span> : null} {f.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
