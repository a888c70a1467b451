'use client';

export default function WorkspaceError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="empty-state" role="alert" data-testid="workspace-error">
      <h1>Something went wrong</h1>
      <p className="muted">The workspace could not be loaded{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button className="button" type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
