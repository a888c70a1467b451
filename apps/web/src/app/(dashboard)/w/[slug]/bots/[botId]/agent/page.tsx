import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AgentSettingsForm } from '../../../../../../../components/agent-settings-form';
import { KnowledgeDocuments } from '../../../../../../../components/knowledge-documents';
import { roleAtLeast } from '../../../../../../../server/auth/roles';
import { getServerCaller } from '../../../../../../../server/trpc/server-caller';

export const metadata: Metadata = { title: 'Agent' };

export default async function AgentSettingsPage({ params }: { params: Promise<{ slug: string; botId: string }> }) {
  const { slug, botId } = await params;
  const caller = await getServerCaller();
  const workspaces = await caller.workspace.list();
  const current = workspaces.find((w) => w.slug === slug);
  if (!current || !/^[0-9a-f-]{36}$/i.test(botId)) notFound();
  const overview = await caller.workspace.overview({ workspaceId: current.id });

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a> / <a href={`/w/${encodeURIComponent(slug)}/bots`}>Bots</a>
          </p>
          <h1>Agent</h1>
          <p className="muted">
            The bot&apos;s AI agent: system prompt, model settings, memory, tools (see docs/ai-agent.md). A flow bot&apos;s AI steps use its model settings.
          </p>
        </div>
      </div>
      <AgentSettingsForm workspaceId={current.id} botId={botId} canEdit={roleAtLeast(overview.role, 'editor')} />
      <section className="card stack">
        <h2>Knowledge documents</h2>
        <p className="muted small">
          Text, Markdown or PDF the agent (and this bot&apos;s AI steps) may quote: each is cut into chunks, and the chunks that best match the
          user&apos;s message go into the prompt (up to the agent&apos;s <code>knowledgeSnippets</code>, 4 by default).
        </p>
        <KnowledgeDocuments workspaceId={current.id} botId={botId} canEdit={roleAtLeast(overview.role, 'editor')} />
      </section>
    </div>
  );
}
