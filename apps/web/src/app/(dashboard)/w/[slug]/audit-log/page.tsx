import type { Metadata } from 'next';
import { AuditLog } from '../../../../../components/audit-log';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditLogPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{current.name}</a>
          </p>
          <h1>Audit log</h1>
          <p className="muted">Who did what in this workspace: people, API keys and the system.</p>
        </div>
      </div>
      <section className="card">
        {roleAtLeast(overview.role, 'admin') ? (
          <AuditLog workspaceId={current.id} />
        ) : (
          <p className="muted empty" data-testid="audit-log-forbidden">
            The audit log is for admins and owners; you are {overview.role}.
          </p>
        )}
      </section>
    </div>
  );
}
