import type { Metadata } from 'next';
import { Inbox } from '../../../../../components/inbox';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Inbox</h1>
          <p className="muted">Every conversation, who answers it, and every message with its delivery status.</p>
        </div>
      </div>
      <section className="card">
        <Inbox workspaceId={current.id} canAnswer={roleAtLeast(overview.role, 'agent')} />
      </section>
    </div>
  );
}
