import type { Metadata } from 'next';
import { MessageLog } from '../../../../../components/message-log';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'Messages' };

export default async function MessagesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{current.name}</a>
          </p>
          <h1>Messages</h1>
          <p className="muted">Every message in and out, with its status timeline, Meta&apos;s error meaning and the trace id to find it in the logs.</p>
        </div>
      </div>
      <section className="card">
        <MessageLog workspaceId={current.id} />
      </section>
    </div>
  );
}
