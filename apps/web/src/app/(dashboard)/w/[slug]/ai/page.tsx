import type { Metadata } from 'next';
import { AiProviderForm } from '../../../../../components/ai-provider-form';
import { roleAtLeast } from '../../../../../server/auth/roles';
import { loadWorkspacePage } from '../../../../../server/workspace/load-workspace-page';

export const metadata: Metadata = { title: 'AI provider' };

export default async function AiProviderPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { current, overview } = await loadWorkspacePage(slug);

  return (
    <div className="stack-lg">
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a href={`/w/${encodeURIComponent(slug)}`}>{overview.workspace.name}</a>
          </p>
          <h1>AI provider</h1>
          <p className="muted">OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter), used by agent bots and flow AI steps.</p>
        </div>
      </div>
      <section className="card">
        {roleAtLeast(overview.role, 'admin') ? (
          <AiProviderForm workspaceId={current.id} />
        ) : (
          <p className="muted" data-testid="ai-provider-forbidden">Only workspace admins can see and change the AI provider.</p>
        )}
      </section>
    </div>
  );
}
