import type { Metadata } from 'next';
import { RenameWorkspaceForm } from '../../../../../components/rename-workspace-form';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Workspace settings' };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Workspace settings</h1>
          <p className="muted">
            Address: <span className="mono">/w/{slug}</span> (kept when you rename).
          </p>
        </div>
      </div>
      <section className="card">
        {roleAtLeast(overview.role, 'admin') ? (
          <RenameWorkspaceForm workspaceId={current.id} name={overview.workspace.name} />
        ) : (
          <p className="muted">Only admins and owners change workspace settings; you are {overview.role}.</p>
        )}
      </section>
    </div>
  );
}
