import type { Metadata } from 'next';
import { ChatwootSettings } from '../../../../../components/chatwoot-settings';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Chatwoot' };

export default async function ChatwootPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>Chatwoot</h1>
          <p className="muted">Every WhatsApp conversation mirrored into a Chatwoot inbox; an agent&apos;s reply, opening or assignment pauses the bot until the conversation is resolved.</p>
        </div>
      </div>
      <section className="card">
        <ChatwootSettings workspaceId={current.id} canManage={roleAtLeast(overview.role, 'admin')} />
      </section>
    </div>
  );
}
