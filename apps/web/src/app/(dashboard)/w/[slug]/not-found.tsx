import Link from 'next/link';

export default function WorkspaceNotFound() {
  return (
    <section className="empty-state" data-testid="workspace-not-found">
      <h1>Workspace not found</h1>
      <p className="muted">It does not exist or you are not a member of it.</p>
      <Link className="button" href="/">
        Go to my workspace
      </Link>
    </section>
  );
}
