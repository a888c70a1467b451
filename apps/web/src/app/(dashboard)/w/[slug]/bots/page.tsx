import type { Metadata } from 'next';
import { BotManager } from '../../../../../components/bot-manager';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Bots' };

export default async function BotsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Bots</h1>
          <p className="muted">A bot answers one channel with a published flow or with the AI agent. The channel&apos;s oldest enabled bot answers.</p>
        </div>
      </div>
      <section className="card">
        <BotManager workspaceId={current.id} slug={slug} canEdit={roleAtLeast(overview.role, 'editor')} />
      </section>
    </div>
  );
}
