import { ALL_API_KEY_SCOPES } from '@switchboard/db';
import type { Metadata } from 'next';
import { ApiKeys } from '../../../../../components/api-keys';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>API keys</h1>
          <p className="muted">
            For <span className="mono">Authorization: Bearer</span> on the REST API. Stored as a hash; the secret is shown once.
          </p>
        </div>
      </div>
      <section className="card">
        {roleAtLeast(overview.role, 'admin') ? (
          <ApiKeys workspaceId={current.id} scopes={ALL_API_KEY_SCOPES} />
        ) : (
          <p className="muted">Only admins and owners manage API keys; you are {overview.role}.</p>
        )}
      </section>
    </div>
  );
}
