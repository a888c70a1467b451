import type { Metadata } from 'next';
import { FlowList } from '../../../../../components/flow-builder/flow-list';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Flows' };

export default async function FlowsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Flows</h1>
          <p className="muted">Build a bot&apos;s conversation by dragging blocks; publish a version when the linter is happy.</p>
        </div>
      </div>
      <section className="card">
        <FlowList workspaceId={current.id} slug={slug} canEdit={roleAtLeast(overview.role, 'editor')} />
      </section>
    </div>
  );
}
