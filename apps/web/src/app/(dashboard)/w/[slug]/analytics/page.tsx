import type { Metadata } from 'next';
import { AnalyticsDashboard } from '../../../../../components/analytics/analytics-dashboard';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Analytics' };

export default async function AnalyticsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{current.name}</a>
          </p>
          <h1>Analytics</h1>
          <p className="muted">Messages by day and status, delivery and read rates, time to reply, AI usage and how conversations move through each published flow.</p>
        </div>
      </div>
      <AnalyticsDashboard workspaceId={current.id} />
    </div>
  );
}
