import { redirect } from 'next/navigation';
import { getServerCaller, readSelectedWorkspaceId } from '../../server/trpc/server-caller';
import { currentWorkspace } from '../../server/workspace/current-workspace';

// "/" has no content of its own: it opens the selected (or first) workspace.
export default async function HomePage() {
  const caller = await getServerCaller();
  const workspace = currentWorkspace(await caller.workspace.list(), await readSelectedWorkspaceId());
  if (workspace) redirect(`/w/${encodeURIComponent(workspace.slug)}`);
  return (
    <section className="empty-state" data-testid="no-workspaces">
      <h1>No workspace yet</h1>
      <p className="muted">You are not a member of any workspace. Ask a workspace owner to invite you.</p>
    </section>
  );
}
