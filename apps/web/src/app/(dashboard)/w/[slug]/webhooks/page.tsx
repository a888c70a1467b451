import { WEBHOOK_EVENT_TYPES } from '@switchboard/webhooks';
import type { Metadata } from 'next';
import { WebhookEndpoints } from '../../../../../components/webhook-endpoints';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Webhooks</h1>
          <p className="muted">Signed (Standard Webhooks), in order per message, retried for 24 h, kept 30 days for replay.</p>
        </div>
      </div>
      <section className="card">
        <WebhookEndpoints workspaceId={current.id} canManage={roleAtLeast(overview.role, 'admin')} eventTypes={WEBHOOK_EVENT_TYPES} />
      </section>
    </div>
  );
}
